"""Pages of the shop floor's assessments 考核, chaotic-stack refusals, placement suggestions (D1-2.x, D1-4.9)."""

urlpatterns = []
