"""How the API answers a refusal, and says so in its OpenAPI document.

Every refusal has one shape, `ErrorOut` {"detail", "field", "errors"}: a rule's
(`DomainError`: 400, 403, 404, 409, through `core.actions.refusal_response`), input the
schemas refuse (400, `api.validation`), an object that is missing or hidden (404), a
call without a valid token (401). Each operation's entry in /api/v1/openapi.json lists
these answers besides its own, so a generated client knows every status it can get.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from gendan.api import validation
from gendan.core.actions import refusal_body
from gendan.core.errors import DomainError, NotFound
from gendan.core.schemas import ErrorOut

REFUSALS = {
    "400": gettext_lazy("Bad input: the message names the field and what it must be."),
    "401": gettext_lazy("No valid API token."),
    "403": gettext_lazy("You may not do this."),
    "404": gettext_lazy("Not found, or you may not see it."),
    "409": gettext_lazy("This action is not allowed in the current state."),
}


class GendanAPI(NinjaAPI):
    """The NinjaAPI whose document lists every operation's refusals."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorOut"] = error_schema
        reference = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for methods in schema["paths"].values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, description in REFUSALS.items():
                    if int(status) not in responses and status not in responses:
                        responses[status] = {"description": str(description), **reference}
        return schema


def install(api):
    """Answer every refusal of `api` in the one shape."""

    @api.exception_handler(DomainError)
    def domain_error(request, error):
        return api.create_response(request, refusal_body(error), status=error.status_code)

    @api.exception_handler(ValidationError)
    def invalid_input(request, error):
        return api.create_response(request, validation.refusal_body(error.errors), status=400)

    @api.exception_handler(Http404)
    def not_found(request, error):
        return api.create_response(request, {"detail": str(NotFound.default_message)}, status=404)

    @api.exception_handler(AuthenticationError)
    def no_token(request, error):
        return api.create_response(request, {"detail": _("No valid API token.")}, status=401)
