// D3-9: the price a regular customer is charged, shown as the list price is typed
// (list price × (100 − discount) / 100, half up to the fen; the server computes the same).
document.addEventListener("input", function (event) {
  var input = event.target;
  if (!input.dataset || !input.dataset.discountPercent) { return; }
  var shown = document.getElementById("order-charged");
  var typed = Number(String(input.value).trim());
  if (!shown) { return; }
  if (input.value.trim() === "" || !isFinite(typed) || typed < 0) { shown.textContent = "—"; return; }
  var cents = typed * (100 - Number(input.dataset.discountPercent));
  shown.textContent = (Math.round(cents + 1e-6) / 100).toFixed(2);
});
