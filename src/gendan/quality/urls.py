from django.urls import path

from gendan.quality import views

app_name = "quality"

urlpatterns = [
    path("sampling/", views.sampling_calculator, name="sampling-calculator"),
]
