"""Chinese first: the UI speaks the configured language (zh-hans by default) unless the
person chose another with the language switch (a cookie). The browser's
Accept-Language is not consulted: many office PCs in China run English Windows."""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.debug import SafeExceptionReporterFilter


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Pages load scripts only from our own static files (no inline script, no CDN: factory
# intranets are often offline). Inline style attributes stay allowed for layout.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class SecretHidingReporterFilter(SafeExceptionReporterFilter):
    """Debug pages hide every setting that may hold a password: Django's default list
    (KEY, SECRET, PASS, TOKEN …) plus connection URLs such as DATABASE_URL and REDIS_URL."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN|DATABASES|CACHES|HUEY",
        flags=re.IGNORECASE,
    )


class RefuseNulCharactersMiddleware:
    """No field takes a NUL character (PostgreSQL cannot store one in text): a query
    string or form that carries one is refused with 400 before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = _nul_field(request.GET)
        if field is None and (
            request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        ):
            field = _nul_field(request.POST)
        if field is None:
            return self.get_response(request)
        message = _("The request contains a NUL character, which no field accepts.")
        if request.path.startswith("/api/"):  # the API's refusal shape: detail and field
            return JsonResponse({"detail": message, "field": field}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _nul_field(query):
    """The name of the first field of `query` that carries a NUL character, or None."""
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "")
    return None
