from django.urls import path

from gendan.followup import expense_views, views

app_name = "followup"

urlpatterns = [
    path("", views.board, name="board"),
    path("views/", views.board_view_save, name="board-view-save"),
    path("views/<int:pk>/delete/", views.board_view_delete, name="board-view-delete"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/outlook/", views.order_outlook, name="order-outlook"),
    path("milestones/<int:pk>/complete/", views.milestone_complete, name="milestone-complete"),
    path("milestones/<int:pk>/reopen/", views.milestone_reopen, name="milestone-reopen"),
    path("expenses/", expense_views.expense_list, name="expense-list"),
    path("expenses/new/", expense_views.expense_create, name="expense-create"),
    path("claims/", expense_views.claim_submit, name="claim-submit"),
    path("claims/<int:pk>/approve/", expense_views.claim_approve, name="claim-approve"),
]
