"""An uploaded sheet kept between its inspection and its import, so a person looks at
what was read before anything is stored (D3-1) and does not upload it twice."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.core.spreadsheets import upload_limits
from gendan.logistics.importing import file_digest
from gendan.logistics.labels import carrier_name
from gendan.logistics.sheets.reader import read_tracking_sheet

TOKEN = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Upload:
    token: str
    name: str
    data: bytes


def _folder():
    folder = settings.GENDAN_HOME / "tracking-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(uploaded):
    if uploaded is None:
        raise DomainError(_("Choose the day's tracking sheet to upload."), field="file")
    limit = upload_limits()["max_megabytes"] * 1024 * 1024
    if uploaded.size > limit:
        raise DomainError(
            _("The file is larger than %(limit)s MB; split it.")
            % {"limit": upload_limits()["max_megabytes"]},
            field="file",
        )
    data = uploaded.read()
    token = file_digest(data)
    (_folder() / token).write_bytes(data)
    return Upload(token=token, name=uploaded.name[:200], data=data)


def fetch(token, name):
    path = _folder() / token
    if not TOKEN.fullmatch(token or "") or not path.exists():
        raise DomainError(_("The uploaded file is gone; upload it again."), field="file")
    return Upload(token=token, name=name[:200] or "sheet", data=path.read_bytes())


def inspection(upload):
    """What `gendan tracking inspect` prints, with carriers by their names. The rows
    read are kept with the upload: they decide whether its import runs in the
    background and are the total of its progress bar."""
    result = read_tracking_sheet(upload.data, **upload_limits()).inspection()
    (_folder() / f"{upload.token}.rows").write_text(str(int(result["rows"])))
    result["carrier_names"] = [
        (carrier_name(code), count) for code, count in result["carriers"].items()
    ]
    return result


def rows_of(token):
    """The rows the inspection read from the upload `token`; None when not known."""
    path = _folder() / f"{token}.rows"
    if not TOKEN.fullmatch(token or "") or not path.exists():
        return None
    text = path.read_text().strip()
    return int(text) if text.isdigit() else None


def download(record):
    response = HttpResponse(bytes(record.raw_file), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(record.file_name)}"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)
