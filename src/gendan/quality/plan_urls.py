"""Pages of the inspection plan per order (included by quality/urls.py)."""

urlpatterns = []
