"""Files kept as evidence: receipt photos, milestone proofs, and later inspection and
transfer photos. One set of rules for every module:

- the kinds of file allowed (`PHOTO_EXTENSIONS`, `PHOTO_OR_PDF_EXTENSIONS`,
  `EVIDENCE_EXTENSIONS`), checked by `check_file` with a message naming the field;
- a size limit, the company policy `core.attachment_max_megabytes`;
- stored names: a generated name keeps the extension, so two "IMG_0001.jpg" never clash
  and nobody's file name reaches the disk; the person's name is kept on the row.

`attach` keeps a file for any record (an `Attachment` row pointing at it by content type
and id), audited in the same transaction; `attachments_for` lists them.

Nothing under MEDIA_ROOT is served as it lies: every file goes through
`core.attachment_views`, which asks a gate first (issue 10). `access_attachment` lets
an `Attachment` through to whoever may see what it belongs to: a document, or a record
with a `document` (a slip, a claim, an inspection) — `core.access.can_see_document` —
or a record whose owning app registered a gate with `register_owner`. A file kept in a
model's own file field (a receipt photo, a milestone's evidence) is served under the
name its app registered with `register_file_field`. Missing and forbidden look the same.
"""

import uuid
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gendan.core import audit, policies
from gendan.core.access import access_document
from gendan.core.errors import DomainError, NotFound
from gendan.core.models import Attachment, Document

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "heic")
PHOTO_OR_PDF_EXTENSIONS = (*PHOTO_EXTENSIONS, "pdf")
EVIDENCE_EXTENSIONS = (*PHOTO_OR_PDF_EXTENSIONS, "xlsx", "xls", "docx", "doc", "csv", "txt")
MEGABYTE = 1024 * 1024
# Shown inline as a small picture; HEIC is kept but browsers cannot show it.
THUMBNAIL_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


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


def attachments_of(*objects):
    """The files kept for any of `objects` (a document and its record), oldest first, in
    one query; None and unsaved objects are skipped."""
    condition = Q(pk__in=[])
    for obj in objects:
        if obj is not None and obj.pk is not None:
            condition |= Q(
                object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
            )
    return list(Attachment.objects.filter(condition).select_related("uploaded_by").order_by("id"))


def is_picture(name):
    """Whether a browser shows this file as a picture (a thumbnail on the page)."""
    return extension_of(name) in THUMBNAIL_EXTENSIONS


# ---------------------------------------------------------------- who may open a file
_owner_gates: dict[str, Callable] = {}
_file_fields: dict[str, Callable] = {}


def register_owner(model_label, can_see):
    """`can_see(user, obj) -> bool` for attachments of records of `model_label`
    ("quality.inspection") that have no `document` of their own; registered by the
    owning app at start-up."""
    _owner_gates[model_label.lower()] = can_see


def register_file_field(kind, access):
    """`access(user, pk)` returns the FieldFile of record `pk` for a person who may see
    it, and raises NotFound otherwise (or when the record keeps no file); served at
    `core:upload-file` with `kind` ("expense-receipt")."""
    _file_fields[kind] = access


def access_attachment(user, pk):
    """The attachment if `user` may see what it belongs to; NotFound otherwise."""
    try:
        attachment = Attachment.objects.select_related("object_type").get(pk=pk)
        owner = attachment.object_type.get_object_for_this_type(pk=attachment.object_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if isinstance(owner, Document):
        access_document(user, owner.pk)
        return attachment
    document_id = getattr(owner, "document_id", None)
    if document_id is not None:
        access_document(user, document_id)
        return attachment
    gate = _owner_gates.get(owner._meta.label_lower)
    if gate is None or not (user.is_superuser or gate(user, owner)):
        raise NotFound()
    return attachment


def access_field_file(user, kind, pk):
    """The file `kind` of record `pk` if `user` may see it; NotFound otherwise."""
    access = _file_fields.get(kind)
    if access is None:
        raise NotFound()
    field_file = access(user, pk)
    if not field_file:
        raise NotFound()
    return field_file
