from django.urls import path

from gendan.org import views

app_name = "org"

urlpatterns = [path("", views.employee_list, name="employee-list")]
