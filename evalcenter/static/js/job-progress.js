// The job page: while the job waits or runs, ask for its progress every second and move the
// bar; when its status changes (it starts, ends or stops) reload the page, which then shows
// the outcome. Without JavaScript the page offers a Refresh link.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-progress]");
  if (!box) {
    return;
  }
  var shown = box.dataset.jobState;
  if (shown !== "queued" && shown !== "running") {
    return;
  }
  var bar = box.querySelector("progress");
  var done = box.querySelector("[data-job-done]");
  var total = box.querySelector("[data-job-total]");

  function show(progress) {
    if (progress.total > 0) {
      bar.max = progress.total;
      bar.value = progress.done;
    }
    done.textContent = progress.done;
    total.textContent = progress.total;
  }

  function poll() {
    fetch(box.dataset.jobProgress, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("progress: " + response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        if (progress.status !== shown) {
          window.location.reload();
          return;
        }
        show(progress);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
