"""Attachments (issue 8 item 4): one set of rules for the files kept as evidence — kinds
accepted, a size limit the company sets, generated stored names — for any record."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gendan.core import attachments, policies
from gendan.core.errors import DomainError
from gendan.core.models import Attachment, AuditEvent

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0 fake jpeg"


@pytest.fixture(autouse=True)
def english_and_private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def test_a_photo_is_kept_for_a_slip_under_a_generated_name_and_audited(submitted, clerk):
    """王芳 photographs the damaged parts and attaches the photo to her transfer slip."""
    photo = SimpleUploadedFile("IMG_0001.JPG", JPEG, content_type="image/jpeg")

    kept = attachments.attach(actor=clerk, obj=submitted, upload=photo, purpose="defect")

    assert kept.original_name == "IMG_0001.JPG"
    assert kept.file.name.startswith("attachments/") and kept.file.name.endswith(".jpg")
    assert "IMG_0001" not in kept.file.name
    assert (kept.size, kept.uploaded_by, kept.purpose) == (len(JPEG), clerk, "defect")
    assert kept.file.read() == JPEG
    assert list(attachments.attachments_for(submitted)) == [kept]
    assert list(attachments.attachments_for(submitted, purpose="contract")) == []
    event = AuditEvent.objects.get(action="attachment.added")
    assert (event.actor, event.object_id) == (clerk, str(submitted.pk))
    assert event.after["file"] == "IMG_0001.JPG"


def test_two_files_with_the_same_name_never_overwrite_each_other(submitted, clerk):
    first = attachments.attach(actor=clerk, obj=submitted, upload=SimpleUploadedFile("a.jpg", JPEG))
    second = attachments.attach(
        actor=clerk, obj=submitted, upload=SimpleUploadedFile("a.jpg", b"\xff\xd8 other")
    )

    assert first.file.name != second.file.name
    assert first.file.read() == JPEG


def test_a_program_file_is_refused_naming_the_kinds_accepted_and_nothing_is_kept(submitted, clerk):
    with pytest.raises(DomainError) as refused:
        attachments.attach(
            actor=clerk, obj=submitted, upload=SimpleUploadedFile("setup.exe", b"MZ")
        )

    assert str(refused.value) == (
        "setup.exe is not an accepted kind of file; accepted: jpg, jpeg, png, webp, heic, "
        "pdf, xlsx, xls, docx, doc, csv, txt."
    )
    assert refused.value.field == "file"
    assert Attachment.objects.count() == 0
    assert not AuditEvent.objects.filter(action="attachment.added").exists()


def test_an_empty_file_is_refused(submitted, clerk):
    with pytest.raises(DomainError, match="^empty.jpg is empty.$"):
        attachments.attach(actor=clerk, obj=submitted, upload=SimpleUploadedFile("empty.jpg", b""))
    assert Attachment.objects.count() == 0


def test_a_file_over_the_companys_size_limit_is_refused_with_both_sizes(
    submitted, clerk, admin_user
):
    policies.set_policy(
        actor=admin_user, declared_policy=policies.ATTACHMENT_MAX_MEGABYTES, value=1
    )
    big = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (3 * 1024 * 1024))

    with pytest.raises(DomainError) as refused:
        attachments.attach(actor=clerk, obj=submitted, upload=big)

    assert str(refused.value) == "scan.pdf is 3.0 MB; files of at most 1 MB are accepted."
    assert Attachment.objects.count() == 0


def test_a_caller_narrows_the_kinds_it_accepts():
    upload = SimpleUploadedFile("list.xlsx", b"PK")

    with pytest.raises(DomainError) as refused:
        attachments.check_file(
            upload, field="receipt_photo", extensions=attachments.PHOTO_OR_PDF_EXTENSIONS
        )

    assert refused.value.field == "receipt_photo"
    assert "jpg, jpeg, png, webp, heic, pdf." in str(refused.value)


@pytest.mark.parametrize(
    ("name", "extension"),
    [("a.JPG", "jpg"), ("dir/b.tar.gz", "gz"), ("noextension", ""), ("", "")],
)
def test_the_extension_is_read_from_the_last_dot_of_the_file_name(name, extension):
    assert attachments.extension_of(name) == extension
