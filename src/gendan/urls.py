from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from gendan.api.api import api
from gendan.core.health import healthz

admin.site.site_header = _("Gendan administration")
admin.site.site_title = _("Gendan")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (prints, labels).
    path("favicon.ico", RedirectView.as_view(url=static("gendan/favicon.svg"), permanent=True)),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("tokens/", include("gendan.api.urls")),
    path("people/", include("gendan.org.urls")),
    path("catalog/", include("gendan.catalog.urls")),
    path("sales/", include("gendan.sales.urls")),
    path("followup/", include("gendan.followup.urls")),
    path("stock/", include("gendan.stock.urls")),
    path("slips/", include("gendan.stock.slips.urls")),
    path("quality/", include("gendan.quality.urls")),
    path("shopfloor/", include("gendan.shopfloor.urls")),
    path("tracking/", include("gendan.logistics.urls")),
    path("", include("gendan.core.urls")),
]
