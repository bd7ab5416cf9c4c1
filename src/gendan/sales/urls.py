from django.urls import path

from gendan.sales.views import actions, customers, deliveries, orders

app_name = "sales"

urlpatterns = [
    path("todo/", customers.todo, name="todo"),
    path("customers/", customers.customer_list, name="customer-list"),
    path("customers/new/", customers.customer_create, name="customer-create"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer-detail"),
    path("customers/<int:pk>/edit/", customers.customer_update, name="customer-update"),
    path("customers/<int:pk>/contacts/", customers.contact_create, name="contact-create"),
    path(
        "customers/<int:pk>/communications/",
        customers.communication_create,
        name="communication-create",
    ),
    path(
        "communications/<int:pk>/feedback/",
        customers.communication_feedback,
        name="communication-feedback",
    ),
    path("orders/", orders.order_list, name="order-list"),
    path("orders/new/", orders.order_create, name="order-create"),
    path("orders/new/line/", orders.order_line_row, name="order-line-row"),
    path("orders/<int:pk>/", orders.order_detail, name="order-detail"),
    path("orders/<int:pk>/print/", orders.order_print, name="order-print"),
    path("orders/<int:pk>/confirm/", actions.order_confirm, name="order-confirm"),
    path("orders/<int:pk>/amend/", actions.order_amend, name="order-amend"),
    path("orders/<int:pk>/cancel/", actions.order_cancel, name="order-cancel"),
    path("orders/<int:pk>/close/", actions.order_close, name="order-close"),
    path("orders/<int:pk>/reopen/", actions.order_reopen, name="order-reopen"),
    path("orders/<int:pk>/payments/", actions.payment_create, name="payment-create"),
    path(
        "orders/<int:pk>/delivery-notes/",
        actions.delivery_note_create,
        name="delivery-note-create",
    ),
    path(
        "orders/<int:pk>/delivery-notes/new/",
        deliveries.delivery_note_new,
        name="delivery-note-new",
    ),
    path(
        "orders/<int:pk>/customer-returns/",
        deliveries.customer_return_create,
        name="customer-return-create",
    ),
    path(
        "orders/<int:pk>/factory-orders/",
        actions.factory_order_create,
        name="factory-order-create",
    ),
    path("factory-orders/<int:pk>/check/", actions.factory_order_check, name="factory-order-check"),
    path(
        "delivery-notes/<int:pk>/print/",
        actions.delivery_note_print,
        name="delivery-note-print",
    ),
    path("receivables/", orders.receivables, name="receivables"),
]
