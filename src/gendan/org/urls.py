from django.urls import path

from gendan.org import views

app_name = "org"

urlpatterns = [
    path("", views.employee_list, name="employee-list"),
    path("new/", views.employee_create, name="employee-create"),
    path("<int:pk>/", views.employee_detail, name="employee-detail"),
    path("<int:pk>/edit/", views.employee_edit, name="employee-edit"),
    path("<int:pk>/grants/add/", views.grant_add, name="grant-add"),
    path("<int:pk>/login/", views.login_create, name="login-create"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant-revoke"),
    path("<int:pk>/leave/", views.leave_add, name="leave-add"),
    path("leave/<int:pk>/cancel/", views.leave_cancel, name="leave-cancel"),
    path("delegations/", views.delegation_list, name="delegation-list"),
    path("structure/", views.structure, name="structure"),
    path("structure/<str:kind>/<int:pk>/", views.structure_edit, name="structure-edit"),
    path("delegations/<int:pk>/revoke/", views.delegation_revoke, name="delegation-revoke"),
]
