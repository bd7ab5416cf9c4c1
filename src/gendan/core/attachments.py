"""Files kept as evidence: receipt photos, milestone proofs, and later inspection and
transfer photos. One set of rules for every module:

- the kinds of file allowed (`PHOTO_EXTENSIONS`, `PHOTO_OR_PDF_EXTENSIONS`,
  `EVIDENCE_EXTENSIONS`), checked by `check_file` with a message naming the field;
- a size limit, the company policy `core.attachment_max_megabytes`;
- stored names: a generated name keeps the extension, so two "IMG_0001.jpg" never clash
  and nobody's file name reaches the disk; the person's name is kept on the row.

`attach` keeps a file for any record (an `Attachment` row pointing at it by content type
and id), audited in the same transaction; `attachments_for` lists them.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from gendan.core import audit, policies
from gendan.core.errors import DomainError
from gendan.core.models import Attachment

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "heic")
PHOTO_OR_PDF_EXTENSIONS = (*PHOTO_EXTENSIONS, "pdf")
EVIDENCE_EXTENSIONS = (*PHOTO_OR_PDF_EXTENSIONS, "xlsx", "xls", "docx", "doc", "csv", "txt")
MEGABYTE = 1024 * 1024


def extension_of(name):
    """The lower-case extension of a file name without the dot ("" when it has none)."""
    base = str(name or "").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def max_bytes():
    return policies.get(policies.ATTACHMENT_MAX_MEGABYTES) * MEGABYTE


def check_file(upload, *, field, extensions=EVIDENCE_EXTENSIONS):
    """Refuse an empty file, a kind not in `extensions`, or one over the size limit."""
    extension = extension_of(upload.name)
    if extension not in extensions:
        raise DomainError(
            _("%(name)s is not an accepted kind of file; accepted: %(types)s.")
            % {"name": upload.name, "types": ", ".join(extensions)},
            field=field,
        )
    if not upload.size:
        raise DomainError(_("%(name)s is empty.") % {"name": upload.name}, field=field)
    limit = max_bytes()
    if upload.size > limit:
        raise DomainError(
            _("%(name)s is %(size)s MB; files of at most %(limit)s MB are accepted.")
            % {
                "name": upload.name,
                "size": round(upload.size / MEGABYTE, 1),
                "limit": limit // MEGABYTE,
            },
            field=field,
        )
    return upload


def stored_name(original):
    """A generated file name with the original's extension: `3f2a….jpg`."""
    extension = extension_of(original)
    return f"{uuid.uuid4().hex}.{extension}" if extension else uuid.uuid4().hex


def attach(*, actor, obj, upload, purpose="", note="", extensions=EVIDENCE_EXTENSIONS, origin=None):
    """Keep `upload` for `obj` after checking it; audited as `attachment.added`."""
    check_file(upload, field="file", extensions=extensions)
    original = str(upload.name)[:200]
    upload.name = stored_name(original)
    with transaction.atomic():
        attachment = Attachment(
            object_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            purpose=purpose,
            file=upload,
            original_name=original,
            size=upload.size,
            note=(note or "").strip()[:200],
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        attachment.save()
        audit.record(
            actor=actor,
            action="attachment.added",
            obj=obj,
            after={"file": original, "purpose": purpose, "attachment": attachment.pk},
            origin=origin,
        )
    return attachment


def attachments_for(obj, purpose=None):
    """The files kept for `obj`, oldest first (only those of `purpose` when given)."""
    found = Attachment.objects.filter(
        object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("uploaded_by")
    return found.filter(purpose=purpose) if purpose is not None else found
