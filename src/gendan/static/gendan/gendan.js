// Gendan's own behaviour, loaded from our static files (the Content-Security-Policy
// allows no inline script). A button with data-print prints the page.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
