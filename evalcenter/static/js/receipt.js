// The receipt's print button: shown only when JavaScript runs (without it, the page itself
// says to use the browser's print command).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
