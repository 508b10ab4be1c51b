// Keeps an unsent draft of the nomination in this browser (localStorage), so that a
// reload, a crash of the browser or the language switch loses nothing of what was
// typed about the effort. Only the fields the server marks data-draft are kept:
// never the nominator's name, e-mail or phone, since people nominate from shared
// computers in libraries too. The receipt page loads this script with
// data-draft-clear, which forgets the draft once the nomination is sent.
// Progressive enhancement: without it, the form works as before.
(function () {
  "use strict";

  var PREFIX = "trygghetspris-nomination-draft";
  var script = document.currentScript;

  function openStorage() {
    try {
      var storage = window.localStorage;
      storage.setItem(PREFIX + "-test", "1");
      storage.removeItem(PREFIX + "-test");
      return storage;
    } catch (error) {
      // Blocked or private mode: no draft, and the page does not claim one.
      return null;
    }
  }

  var storage = openStorage();
  if (!storage) {
    return;
  }

  function forgetAllDrafts() {
    for (var i = storage.length - 1; i >= 0; i -= 1) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        storage.removeItem(key);
      }
    }
  }

  if (script && script.hasAttribute("data-draft-clear")) {
    forgetAllDrafts();
    return;
  }

  var form = document.querySelector("form[data-draft-key]");
  var textsElement = document.getElementById("nomination-form-texts");
  if (!form || !textsElement) {
    return;
  }
  var texts = JSON.parse(textsElement.getAttribute("data-texts"));
  // One draft per prize year: last year's unsent text does not turn up in this year's form.
  var key = PREFIX + ":" + form.getAttribute("data-draft-key");
  var notice = document.getElementById("draft-notice");
  var status = document.getElementById("draft-status");

  function draftFields() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-draft]"));
  }

  function save() {
    var values = {};
    var any = false;
    draftFields().forEach(function (field) {
      if (field.value.trim()) {
        values[field.name] = field.value;
        any = true;
      }
    });
    try {
      if (any) {
        storage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), fields: values }));
      } else {
        storage.removeItem(key);
      }
    } catch (error) {
      // Storage full: the form itself still works.
    }
  }

  function read() {
    try {
      var draft = JSON.parse(storage.getItem(key));
      return draft && typeof draft.fields === "object" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  // The server shows three organisation fields; a draft may hold more. Copy the last
  // field, renumbered, until the one asked for exists (at most the form's maximum).
  function organisationField(name) {
    var match = /^organisation_(\d+)$/.exec(name);
    var group = form.querySelector("[data-organisations]");
    if (!match || !group) {
      return null;
    }
    var wanted = parseInt(match[1], 10);
    var most = parseInt(group.getAttribute("data-max-organisations"), 10);
    if (wanted > most) {
      return null;
    }
    var wrappers = group.querySelectorAll("[data-organisation]");
    var last = wrappers[wrappers.length - 1];
    var number = wrappers.length;
    while (number < wanted) {
      number += 1;
      last = renumbered(last, number, texts.organisation_label);
    }
    var button = group.querySelector("[data-add-organisation]");
    if (button && number >= most) {
      button.hidden = true;
    }
    return form.querySelector('[data-draft][name="' + name + '"]');
  }

  function renumbered(wrapper, number, label) {
    var copy = wrapper.cloneNode(true);
    var pattern = /organisation_\d+/g;
    var replacement = "organisation_" + number;
    copy.setAttribute("data-organisation", String(number));
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (element) {
      ["id", "for", "name", "aria-describedby"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute, value.replace(pattern, replacement));
        }
      });
    });
    var labelElement = copy.querySelector("label");
    if (labelElement && label) {
      labelElement.textContent = label.replace("%(number)s", String(number));
    }
    var input = copy.querySelector("input");
    input.value = "";
    input.removeAttribute("autofocus");
    wrapper.parentNode.insertBefore(copy, wrapper.nextSibling);
    return copy;
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  function restore(draft) {
    var restored = false;
    Object.keys(draft.fields).forEach(function (name) {
      var field = form.querySelector('[data-draft][name="' + name + '"]') || organisationField(name);
      var value = draft.fields[name];
      if (!field || field.value || typeof value !== "string") {
        return;
      }
      if (field.tagName === "SELECT" && !hasOption(field, value)) {
        // A district that is no longer on the list: leave the choice to the person.
        return;
      }
      field.value = value;
      restored = true;
    });
    return restored;
  }

  function clearDraft() {
    if (!window.confirm(texts.confirm_clear)) {
      return;
    }
    storage.removeItem(key);
    draftFields().forEach(function (field) {
      field.value = "";
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
    // The typing above saved nothing: every field is empty, so the draft stays gone.
    status.textContent = texts.draft_cleared;
  }

  notice.hidden = false;
  if (form.hasAttribute("data-draft-restore")) {
    var draft = read();
    if (draft && restore(draft)) {
      status.textContent = texts.draft_restored;
    }
  }

  var timer = null;
  function saveSoon(event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-draft")) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 300);
  }
  form.addEventListener("input", saveSoon);
  form.addEventListener("change", saveSoon);
  // Leaving the page (reload, language switch, sending): keep the very last keystrokes.
  window.addEventListener("pagehide", function () {
    window.clearTimeout(timer);
    save();
  });
  notice.querySelector("[data-draft-clear-button]").addEventListener("click", clearDraft);
})();
