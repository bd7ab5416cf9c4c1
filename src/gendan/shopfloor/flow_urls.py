"""Pages of the shop floor's lots from an order's BOM, label sheets, the process flow (D1-6, D1-1.4)."""

urlpatterns = []
