"""Uploaded files, served only to people who may see what they belong to (issue 10).

Nothing under MEDIA_ROOT is served directly: a receipt photo or a slip's picture is
company evidence. Each view asks a gate of `core.attachments` and answers 404 — the same
for missing and forbidden — otherwise. Pictures and PDFs open in the browser (inline),
every other kind is downloaded; the person's own file name is kept; the browser is
told not to guess the type (`X-Content-Type-Options: nosniff`).
"""

import mimetypes
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gendan.core import attachments
from gendan.core.errors import NotFound

# Types a browser may show in the page; anything else is a download.
INLINE_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


def _content_type(name):
    guessed, _encoding = mimetypes.guess_type(name)
    if attachments.extension_of(name) == "heic":
        return "image/heic"
    return guessed or "application/octet-stream"


def _file_response(field_file, shown_name):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Not found, or you may not see it.")) from None
    content_type = _content_type(shown_name or field_file.name)
    response = FileResponse(handle, content_type=content_type)
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(shown_name or 'file', safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def attachment_file(request, pk):
    """An `Attachment`, to whoever may see the paper or record it belongs to."""
    try:
        attachment = attachments.access_attachment(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None
    return _file_response(attachment.file, attachment.original_name)


@login_required
@require_GET
def upload_file(request, kind, pk):
    """A file kept in a record's own field (a receipt photo, a milestone's evidence)."""
    try:
        field_file = attachments.access_field_file(request.user, kind, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None
    shown = field_file.name.rsplit("/", 1)[-1]
    return _file_response(field_file, shown)
