from django.contrib import admin

from gendan.api.models import ApiToken
from gendan.core.admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "key_hint", "created_at", "last_used_at", "revoked_at"]
