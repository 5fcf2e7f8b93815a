// Rule editor: line numbers beside a plain textarea, and problem links (#L42) that select
// their line in it. Progressive enhancement: without this script the page shows a numbered
// listing of the saved file whose lines the links jump to.
(function () {
  "use strict";

  var area = document.querySelector("textarea[data-line-numbers]");
  if (!area) {
    return;
  }
  var gutter = document.createElement("div");
  var wrapper = document.createElement("div");
  var style = window.getComputedStyle(area);

  wrapper.className = "ec-code-editor";
  wrapper.style.display = "flex";
  wrapper.style.alignItems = "stretch";
  gutter.setAttribute("aria-hidden", "true");
  gutter.className = "ec-gutter font-monospace text-muted";
  gutter.style.overflow = "hidden";
  gutter.style.textAlign = "right";
  gutter.style.whiteSpace = "pre";
  gutter.style.padding = style.paddingTop + " .5rem " + style.paddingBottom + " .25rem";
  gutter.style.borderRight = "1px solid #b1b4b6";
  gutter.style.background = "#f3f2f1";
  gutter.style.userSelect = "none";
  area.classList.add("font-monospace");
  area.style.whiteSpace = "pre";
  area.style.overflowX = "auto";
  area.style.borderTopLeftRadius = "0";
  area.style.borderBottomLeftRadius = "0";
  area.parentNode.insertBefore(wrapper, area);
  wrapper.appendChild(gutter);
  wrapper.appendChild(area);

  function lineHeight() {
    var value = parseFloat(window.getComputedStyle(area).lineHeight);
    return isNaN(value) ? 20 : value;
  }

  function renumber() {
    var count = area.value.split("\n").length;
    var numbers = [];
    for (var n = 1; n <= count; n += 1) {
      numbers.push(n);
    }
    gutter.style.font = window.getComputedStyle(area).font;
    gutter.style.lineHeight = lineHeight() + "px";
    gutter.textContent = numbers.join("\n");
    gutter.scrollTop = area.scrollTop;
  }

  function select(line) {
    var lines = area.value.split("\n");
    var target = Math.min(Math.max(line, 1), lines.length);
    var start = 0;
    for (var n = 0; n < target - 1; n += 1) {
      start += lines[n].length + 1;
    }
    area.focus();
    area.setSelectionRange(start, start + lines[target - 1].length);
    area.scrollTop = Math.max(0, (target - 4) * lineHeight());
    gutter.scrollTop = area.scrollTop;
  }

  area.addEventListener("input", renumber);
  area.addEventListener("scroll", function () {
    gutter.scrollTop = area.scrollTop;
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-line]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    select(parseInt(link.getAttribute("data-line"), 10));
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#L" + link.getAttribute("data-line"));
    }
  });

  var listing = document.querySelector("[data-listing]");
  if (listing) {
    listing.hidden = true; // the textarea now shows the numbers
  }
  renumber();
  var match = /^#L(\d+)$/.exec(window.location.hash);
  if (match) {
    select(parseInt(match[1], 10));
  }
})();
