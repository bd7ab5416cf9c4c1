// The tracking sheet's upload progress bar (htmx's xhr progress event).
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
