from django.urls import path

from gendan.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("search/", views.global_search, name="search"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/submit/", views.document_submit, name="document-submit"),
    path("documents/<int:pk>/sign/", views.document_sign, name="document-sign"),
    path("documents/<int:pk>/reject/", views.document_reject, name="document-reject"),
    path("documents/<int:pk>/withdraw/", views.document_withdraw, name="document-withdraw"),
    path("documents/<int:pk>/void/", views.document_void, name="document-void"),
    path("books/", views.book_list, name="book-list"),
    path("timeline/<str:app_label>/<str:model>/<str:pk>/", views.timeline, name="timeline"),
]
