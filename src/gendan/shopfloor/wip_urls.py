"""Pages of the shop floor's counts of work in progress (D1-1.5)."""

urlpatterns = []
