"""A day's sheet imported in the background with its progress (D3-1).

The upload page keeps the file and shows its inspection (gendan.logistics.uploads);
"import" then starts a job: a sheet of at least the policy's rows
(`logistics.background_import_rows`) is imported by a Huey task, a smaller one at once,
both through the same `run` so the page shows the same progress and result. The job
moves queued → reading → storing → done (or failed) around one call of
`importing.import_sheet`, which stays all or nothing and idempotent: a refused sheet
stores nothing and the job keeps the refusal's message naming the rows; the same file
again ends as "already imported".
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core import policies as core_policies
from gendan.core.errors import DomainError
from gendan.logistics import access, importing, policies, uploads
from gendan.logistics.models import SheetImportJob

log = logging.getLogger(__name__)

Job = SheetImportJob
UNFINISHED = (Job.State.QUEUED, Job.State.RUNNING)
# Where the progress bar stands at each step; None while the import runs (the bar moves
# without a value: the import reports no rows on its way).
STEP_PERCENT = {Job.Step.QUEUED: 0, Job.Step.READING: 10, Job.Step.STORING: None,
                Job.Step.DONE: 100}  # fmt: skip


def start(*, actor, upload, origin=None):
    """A job importing `upload` for `actor`: the unfinished one of the same file when
    there is one (a second click starts nothing), else a new one, run in the background
    when the sheet is large (or its size unknown), at once when it is small."""
    access.require_import(actor)
    running = Job.objects.filter(token=upload.token, state__in=UNFINISHED).first()
    if running is not None:
        return running
    origin = origin or audit.Origin()
    rows = uploads.rows_of(upload.token)
    job = Job.objects.create(token=upload.token, file_name=upload.name, requested_by=actor,
                             rows_total=rows, ip_address=origin.ip_address,
                             device=origin.device)  # fmt: skip
    if rows is None or rows >= core_policies.get(policies.BACKGROUND_IMPORT_ROWS):
        from gendan.logistics.tasks import import_sheet_job

        import_sheet_job(job.pk)
    else:
        run(job.pk)
    job.refresh_from_db()
    return job


def _move(job, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run(job_id):
    """Import the job's sheet, keeping its step; a job already started does nothing
    (a task delivered twice)."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, step=Job.Step.READING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    try:
        upload = uploads.fetch(job.token, job.file_name)
        _move(job, step=Job.Step.STORING)
        result = importing.import_sheet(
            actor=job.requested_by, file_bytes=upload.data, file_name=upload.name,
            origin=audit.Origin(ip_address=job.ip_address, device=job.device),
        )  # fmt: skip
    except DomainError as error:
        _move(job, state=Job.State.FAILED, step=Job.Step.DONE, message=str(error.message),
              finished_at=timezone.now())  # fmt: skip
        return job
    except Exception:
        log.exception("the import of sheet job %s failed", job_id)
        _move(job, state=Job.State.FAILED, step=Job.Step.DONE, finished_at=timezone.now(),
              message=_("The import stopped on an unexpected error; nothing was stored. "
                        "Try again, or tell the administrator."))  # fmt: skip
        return job
    record = result.tracking_import
    _move(job, state=Job.State.DONE, step=Job.Step.DONE, tracking_import=record,
          rows_total=record.rows_read, rows_done=record.rows_read,
          created_count=result.created, updated_count=result.updated,
          unchanged_count=result.unchanged, is_repeat=result.is_repeat,
          finished_at=timezone.now())  # fmt: skip
    return job


def visible_job(user, pk):
    """The job `pk` for whoever may import sheets; None otherwise (or when missing)."""
    if not access.holds_role(user, *access.IMPORT_ROLES):
        return None
    return Job.objects.filter(pk=pk).select_related("tracking_import").first()


def progress(job):
    """What the upload page polls: the state, the step in words, the bar's per cent
    (None while it cannot be told), the rows and, once done, the counts."""
    return {
        "id": job.pk,
        "state": job.state,
        "step": job.step,
        "step_label": str(job.get_step_display()),
        "is_finished": job.is_finished,
        "percent": STEP_PERCENT[job.step],
        "rows_total": job.rows_total,
        "rows_done": job.rows_done,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "is_repeat": job.is_repeat,
        "message": job.message,
        "import_id": job.tracking_import_id,
    }
