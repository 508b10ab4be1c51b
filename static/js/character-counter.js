// Shows under each long field how many characters are left, so that a limit is
// visible before it bites. The limits come from the server (data-max-chars,
// data-min-chars), which enforces them and keeps the text when it refuses it; this
// only says them. Characters are counted as the server counts them: code points,
// a line break as one, without leading and trailing spaces.
// Screen readers hear the count politely, and only when it crosses a threshold
// (too short, nearly full, over the limit) once the typing has paused: not on
// every keystroke.
(function () {
  "use strict";

  var textsElement = document.getElementById("nomination-form-texts");
  if (!textsElement) {
    return;
  }
  var texts = JSON.parse(textsElement.getAttribute("data-texts"));
  var language = document.documentElement.lang || undefined;
  var PAUSE_MS = 1000;

  function characters(value) {
    return Array.from(value.trim().replace(/\r\n?/g, "\n")).length;
  }

  function phrase(name, count) {
    var template = texts[name + (count === 1 ? "_one" : "_other")];
    return template.replace("%(count)s", count.toLocaleString(language));
  }

  function state(count, min, max) {
    if (count > max) {
      return { band: "over", text: phrase("over", count - max) };
    }
    if (count > 0 && count < min) {
      return { band: "short", text: phrase("short", min - count) };
    }
    var left = max - count;
    // Nearly full: the last tenth, or the last 50 characters of a short field.
    var band = left <= Math.max(50, Math.round(max / 10)) ? "near" : "room";
    return { band: band, text: phrase("left", left) };
  }

  // One polite live region for the whole page, filled only at thresholds.
  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  document.body.appendChild(announcer);

  Array.prototype.forEach.call(document.querySelectorAll("[data-max-chars]"), function (field) {
    var max = parseInt(field.getAttribute("data-max-chars"), 10);
    var min = parseInt(field.getAttribute("data-min-chars") || "0", 10);
    var counter = document.createElement("p");
    counter.id = field.id + "_counter";
    counter.className = "form-text mb-0 character-counter";
    field.insertAdjacentElement("afterend", counter);
    // Read with the field's description when it gets focus.
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);

    var current = null;
    var announcedBand = null;
    var timer = null;

    function update() {
      current = state(characters(field.value), min, max);
      counter.textContent = current.text;
      counter.classList.toggle("text-danger", current.band === "over");
      counter.classList.toggle("fw-bold", current.band === "over");
    }

    update();
    announcedBand = current.band;
    field.addEventListener("input", function () {
      update();
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (current.band !== announcedBand) {
          announcedBand = current.band;
          announcer.textContent = current.text;
        }
      }, PAUSE_MS);
    });
  });
})();
