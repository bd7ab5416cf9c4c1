from django.urls import path

from gendan.core import (
    attachment_views,
    book_views,
    calendar_views,
    chain_views,
    channel_views,
    event_views,
    home,
    policy_views,
    views,
)

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
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
    path("books/<int:pk>/pad/", book_views.book_pad, name="book-pad"),
    path("books/<int:pk>/close/", book_views.book_close, name="book-close"),
    path("files/<int:pk>/", attachment_views.attachment_file, name="attachment-file"),
    path("files/<slug:kind>/<int:pk>/", attachment_views.upload_file, name="upload-file"),
    path("settings/policies/", policy_views.policy_list, name="policy-list"),
    path("settings/policies/<str:key>/", policy_views.policy_change, name="policy-change"),
    path("settings/chains/", chain_views.chain_list, name="chain-list"),
    path("settings/channels/", channel_views.channel_list, name="channel-list"),
    path("settings/channels/<int:pk>/", channel_views.channel_detail, name="channel-detail"),
    path("settings/channels/<int:pk>/test/", channel_views.channel_test, name="channel-test"),
    path("settings/chains/<str:slip_type>/", chain_views.chain_edit, name="chain-edit"),
    path("settings/calendar/", calendar_views.calendar_index, name="calendar-index"),
    path("settings/calendar/<int:year>/", calendar_views.calendar_year, name="calendar-year"),
    path(
        "settings/calendar/<int:year>/notice/",
        calendar_views.calendar_notice,
        name="calendar-notice",
    ),
    path(
        "settings/calendar/<int:year>/confirm/",
        calendar_views.calendar_confirm,
        name="calendar-confirm",
    ),
    path(
        "settings/calendar/days/<str:day>/toggle/",
        calendar_views.calendar_day_toggle,
        name="calendar-day-toggle",
    ),
    path("timeline/<str:app_label>/<str:model>/<str:pk>/", views.timeline, name="timeline"),
    path("events/failed/", event_views.failed_events, name="failed-events"),
    path(
        "events/deliveries/<int:pk>/retry/",
        event_views.retry_event_delivery,
        name="event-delivery-retry",
    ),
]
