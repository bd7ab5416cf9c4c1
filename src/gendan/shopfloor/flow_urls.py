"""Pages of the shop floor's lots from an order's BOM, label sheets, the process flow (D1-6, D1-1.4)."""

from django.urls import path

from gendan.shopfloor import flow_views

urlpatterns = [
    path("orders/<int:pk>/explode/", flow_views.order_explode, name="order-explode"),
    path(
        "orders/<int:pk>/explode/start/",
        flow_views.order_explode_start,
        name="order-explode-start",
    ),
    path("flow/", flow_views.flow_index, name="flow"),
    path("flow/orders/<int:pk>/", flow_views.order_flow, name="flow-order"),
    path("flow/items/<int:pk>/", flow_views.item_flow, name="flow-item"),
    path("labels/", flow_views.labels_choose, name="labels-choose"),
    path("labels/sheet/", flow_views.labels_sheet, name="labels-sheet"),
    path("labels/lots/<int:pk>/containers/", flow_views.container_labels, name="labels-containers"),
]
