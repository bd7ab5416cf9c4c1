from django.urls import path  # noqa: F401  (views are added with the pages)

app_name = "slips"

urlpatterns = []
