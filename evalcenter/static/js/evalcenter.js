// EvalCenter's progressive enhancements. Every page works without them; the CSP forbids inline
// scripts, so all of it lives here. Loaded in <head>: it marks the page as scripted at once
// (the navigation menu is then collapsible) and does the rest when the document is parsed.
document.documentElement.classList.replace("no-js", "js");

(function () {
  "use strict";

  // Forms with data-confirm ask before they are sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // After a failed submit, focus moves to the error summary (it has tabindex=-1).
  function focusErrorSummary() {
    var summary = document.querySelector(".ec-error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // Text fields with a limit show how many characters are left; the line is an aria-live
  // region, so screen readers hear it politely. Its templates come translated from the page.
  function characterCounts() {
    document.querySelectorAll("[data-char-count]").forEach(function (field) {
      var line = document.getElementById(field.dataset.charCount);
      var limit = parseInt(field.getAttribute("maxlength") || field.dataset.maxlength, 10);
      if (!line || !limit) {
        return;
      }
      var timer = null;
      function show() {
        var left = limit - field.value.length;
        var text = left >= 0 ? line.dataset.remaining : line.dataset.tooMany;
        line.textContent = text.replace("{n}", Math.abs(left).toLocaleString());
        line.classList.toggle("ec-char-count-over", left < 0);
      }
      show();
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(show, 300);
      });
    });
  }

  // Leaving a page whose form (data-warn-unsaved) has unsaved changes asks first; sending
  // the form disarms the question.
  function warnUnsaved() {
    var dirty = false;
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      function arm() {
        dirty = true;
      }
      form.addEventListener("input", arm);
      form.addEventListener("change", arm);
      form.addEventListener("submit", function () {
        dirty = false;
      });
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    characterCounts();
    warnUnsaved();
  });
})();
