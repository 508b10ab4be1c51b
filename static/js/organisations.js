// "Add an organisation" without sending the form: a new empty field after the last,
// numbered and labelled as the server numbers them, with the keyboard in it. Without
// JavaScript the button sends the form and the server adds the field (forms.py), so
// this only saves the round trip; past the form's maximum the server still decides.
(function () {
  "use strict";

  var textsElement = document.getElementById("nomination-form-texts");
  var group = document.querySelector("[data-organisations]");
  var button = group && group.querySelector("[data-add-organisation]");
  if (!textsElement || !button) {
    return;
  }
  var texts = JSON.parse(textsElement.getAttribute("data-texts"));
  var most = parseInt(group.getAttribute("data-max-organisations"), 10);
  var pattern = /organisation_\d+/g;

  function added(wrapper, number) {
    var copy = wrapper.cloneNode(true);
    var replacement = "organisation_" + number;
    copy.setAttribute("data-organisation", String(number));
    // The copied field's own error, if it had one, is not the new field's.
    Array.prototype.forEach.call(copy.querySelectorAll(".invalid-feedback"), function (error) {
      error.remove();
    });
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (element) {
      ["id", "for", "name", "aria-describedby"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute, value.replace(pattern, replacement));
        }
      });
    });
    var label = copy.querySelector("label");
    if (label) {
      label.textContent = texts.organisation_label.replace("%(number)s", String(number));
    }
    var input = copy.querySelector("input");
    input.value = "";
    input.removeAttribute("autofocus");
    input.removeAttribute("aria-invalid");
    input.classList.remove("is-invalid");
    wrapper.parentNode.insertBefore(copy, wrapper.nextSibling);
    return input;
  }

  button.addEventListener("click", function (event) {
    var wrappers = group.querySelectorAll("[data-organisation]");
    var number = wrappers.length + 1;
    if (!wrappers.length || number > most) {
      return;
    }
    event.preventDefault();
    added(wrappers[wrappers.length - 1], number).focus();
    if (number >= most) {
      button.hidden = true;
    }
  });
})();
