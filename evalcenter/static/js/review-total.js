// The review form's live total: the sum of the scores typed so far, counted in hundredths
// so that no binary fraction shows. The server computes the real total (Decimal) on saving;
// without JavaScript the page shows the saved total.
(function () {
  "use strict";

  function hundredths(text) {
    var match = /^\s*(\d{1,4})(?:\.(\d{1,2}))?\s*$/.exec(text);
    if (!match) {
      return null;
    }
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }

  function update(output, inputs) {
    var sum = 0;
    var valid = true;
    inputs.forEach(function (input) {
      if (input.value.trim() === "") {
        return;
      }
      var value = hundredths(input.value);
      if (value === null) {
        valid = false;
      } else {
        sum += value;
      }
    });
    var cents = String(sum % 100).padStart(2, "0");
    var text = Math.floor(sum / 100) + (cents === "00" ? "" : "." + cents.replace(/0$/, ""));
    output.textContent = valid ? text : output.dataset.invalid;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var output = document.getElementById("review-total");
    if (!output) {
      return;
    }
    var inputs = Array.prototype.slice.call(document.querySelectorAll("[data-review-score]"));
    inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        update(output, inputs);
      });
    });
    update(output, inputs);
  });
})();
