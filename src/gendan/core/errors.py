"""Errors a person can act on. Every refused action raises one of these."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule refused the action; `message` says which rule and what was expected."""

    status_code = 400
    default_message = _("The action was refused.")

    def __init__(self, message=None, *, field=None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)


class NotFound(DomainError):
    """Missing and forbidden look the same to the caller."""

    status_code = 404
    default_message = _("Not found, or you may not see it.")


class PermissionDenied(DomainError):
    status_code = 403
    default_message = _("You may not do this.")


class InvalidTransition(DomainError):
    status_code = 409
    default_message = _("This action is not allowed in the current state.")


class BookClosed(DomainError):
    status_code = 409
    default_message = _("This document book is closed.")
