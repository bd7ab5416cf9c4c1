// The tracking sheet's upload progress bar (htmx's xhr progress event), then the
// import's: a job card (data-job-status) polls its JSON status until the job is
// finished, then swaps in its result from the server (data-job-page).
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("sheet-progress");
  if (bar && event.detail.lengthComputable) {
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  }
});
document.addEventListener("htmx:afterRequest", function () {
  var bar = document.getElementById("sheet-progress");
  if (bar) { bar.value = 100; }
});

var POLL_MS = 800;

function watchJob(card) {
  if (card.dataset.watching) { return; }
  card.dataset.watching = "yes";
  var bar = card.querySelector("progress");
  var step = card.querySelector("[data-job-step]");
  function poll() {
    fetch(card.dataset.jobStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        if (bar) {
          if (job.percent === null) { bar.removeAttribute("value"); } else { bar.value = job.percent; }
        }
        if (step) { step.textContent = job.step_label; }
        if (job.is_finished) {
          window.htmx.ajax("GET", card.dataset.jobPage, { target: card, swap: "outerHTML" });
        } else {
          window.setTimeout(poll, POLL_MS);
        }
      })
      .catch(function () { window.setTimeout(poll, POLL_MS * 4); });
  }
  window.setTimeout(poll, POLL_MS / 2);
}

function watchJobs(root) {
  if (!root || !root.querySelectorAll) { return; }
  if (root.matches && root.matches("[data-job-status]")) { watchJob(root); }
  root.querySelectorAll("[data-job-status]").forEach(watchJob);
}

document.addEventListener("htmx:load", function (event) { watchJobs(event.detail.elt); });
document.addEventListener("DOMContentLoaded", function () { watchJobs(document); });
