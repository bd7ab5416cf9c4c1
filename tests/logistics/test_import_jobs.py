"""D3-1: a large day's sheet is imported in the background (Huey) with its progress kept
on a job the upload page polls — queued, reading, storing, then the result (new,
updated, unchanged; a link to the import) or the refusal naming the rows, with nothing
stored. The same file twice: the second says it was already imported. Small sheets
(under the policy `logistics.background_import_rows`) are imported at once, through the
same job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gendan.core.models import Policy
from gendan.logistics import import_jobs, uploads
from gendan.logistics.models import SheetImportJob, TrackingEvent, TrackingImport, Waybill
from tests.factories import UserFactory
from tests.logistics.desk import day_rows, sheet

HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _inspected(client, data, name="淘宝.csv"):
    response = client.post(reverse("logistics:sheet-inspect"),
                           {"file": SimpleUploadedFile(name, data)})  # fmt: skip
    return response.context["upload"]


def _import(client, upload, **extra):
    return client.post(reverse("logistics:sheet-import"),
                       {"token": upload.token, "name": upload.name}, **extra)  # fmt: skip


@pytest.fixture
def every_sheet_in_the_background(db):
    Policy.objects.create(key="logistics.background_import_rows", value="0")


def _bad_sheet():
    rows = day_rows()
    rows[1] = ("", "李四", "13700000002", "南京", "6.91793E+18", "圆通速递", "已揽收")
    return sheet(rows)


def _nothing_stored():
    return not (Waybill.objects.exists() or TrackingImport.objects.exists()
                or TrackingEvent.objects.exists())  # fmt: skip


# ------------------------------------------------------------------ the queue, for real
@pytest.mark.django_db(transaction=True)
def test_d3_1_a_large_sheet_waits_in_the_queue_then_the_worker_imports_it(
    huey_immediate, lead, every_sheet_in_the_background
):
    """唐伟 imports a sheet at or above the policy's rows: the request only queues a
    Huey task — nothing stored yet, the job says queued at 0 % with its 3 rows — and
    when the worker runs it the job is done with the counts and the import."""
    huey_immediate.immediate = False
    huey_immediate.flush()
    client = _client(lead)
    upload = _inspected(client, sheet(day_rows()))
    page = _import(client, upload, **HTMX).content.decode()
    job = SheetImportJob.objects.get()
    assert (job.state, job.step, job.rows_total) == ("queued", "queued", 3)
    assert f'data-job-status="{reverse("logistics:sheet-job-status", args=[job.pk])}"' in page
    assert 'data-testid="import-progress"' in page
    assert _nothing_stored() and huey_immediate.pending_count() == 1
    status = client.get(reverse("logistics:sheet-job-status", args=[job.pk])).json()
    assert (status["state"], status["percent"], status["rows_total"]) == ("queued", 0, 3)
    huey_immediate.execute(huey_immediate.dequeue())
    status = client.get(reverse("logistics:sheet-job-status", args=[job.pk])).json()
    assert status["state"] == "done" and status["is_finished"]
    assert (status["created"], status["updated"], status["unchanged"]) == (3, 0, 0)
    assert status["import_id"] == TrackingImport.objects.get().pk
    assert (status["rows_done"], status["percent"]) == (3, 100)
    assert Waybill.objects.count() == 3


def test_d3_1_the_job_moves_queued_reading_storing_done_around_the_import(
    lead, every_sheet_in_the_background, monkeypatch
):
    """While the import runs, the job says it is storing (the bar without a value);
    before, it was reading the file."""
    seen = []
    original = import_jobs.importing.import_sheet

    def watching(**kwargs):
        job = SheetImportJob.objects.get()
        seen.append((job.state, job.step, import_jobs.progress(job)["percent"]))
        return original(**kwargs)

    monkeypatch.setattr(import_jobs.importing, "import_sheet", watching)
    client = _client(lead)
    _import(client, _inspected(client, sheet(day_rows())))
    assert seen == [("running", "storing", None)]
    job = SheetImportJob.objects.get()
    assert (job.state, job.step) == ("done", "done") and job.started_at and job.finished_at


# ------------------------------------------------------------------ the page
def test_d3_1_the_upload_page_shows_the_result_and_links_the_import(
    lead, every_sheet_in_the_background
):
    """Huey runs at once in the tests: the job's card comes back finished — 3 new,
    0 updated, 0 unchanged — with links to the import and to handing out."""
    client = _client(lead)
    card = _import(client, _inspected(client, sheet(day_rows())), **HTMX).content.decode()
    record = TrackingImport.objects.get()
    assert 'data-testid="import-result"' in card and "data-job-status" not in card
    assert "3" in card and f"#import-{record.pk}" in card
    assert reverse("logistics:team") in card
    assert f'id="import-{record.pk}"' in client.get(reverse("logistics:sheets")).content.decode()


def test_d3_1_without_htmx_the_import_leads_to_the_jobs_page(lead):
    client = _client(lead)
    response = _import(client, _inspected(client, sheet(day_rows())))
    job = SheetImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("logistics:sheet-job", args=[job.pk])
    page = client.get(response["Location"])
    assert 'data-testid="import-result"' in page.content.decode()
    assert "logistics/upload.js" in page.content.decode()


def test_d3_1_a_small_sheet_is_imported_at_once_without_the_queue(lead, huey_immediate):
    """Under the policy's rows (20 000 by default) no task is queued: 3 rows are in."""
    huey_immediate.immediate = False
    huey_immediate.flush()
    client = _client(lead)
    _import(client, _inspected(client, sheet(day_rows())))
    assert huey_immediate.pending_count() == 0
    assert SheetImportJob.objects.get().state == "done" and Waybill.objects.count() == 3


# ------------------------------------------------------------------ refusals and repeats
def test_d3_1_a_bad_sheet_fails_naming_the_row_and_stores_nothing(
    lead, every_sheet_in_the_background
):
    """Row 3's number was mangled by Excel: the job fails with the same refusal as the
    import gives (naming row 3), and no waybill, import or event is stored."""
    client = _client(lead)
    card = _import(client, _inspected(client, _bad_sheet()), **HTMX).content.decode()
    job = SheetImportJob.objects.get()
    assert job.state == "failed" and "3" in job.message
    assert 'data-testid="import-refused"' in card and job.message in card
    assert _nothing_stored()
    status = client.get(reverse("logistics:sheet-job-status", args=[job.pk])).json()
    assert status["state"] == "failed" and status["message"] == job.message


def test_d3_1_the_same_file_twice_says_it_was_already_imported(lead, every_sheet_in_the_background):
    client = _client(lead)
    upload = _inspected(client, sheet(day_rows()))
    _import(client, upload)
    events = TrackingEvent.objects.count()
    card = _import(client, upload, **HTMX).content.decode()
    first, second = SheetImportJob.objects.order_by("pk")
    assert (first.is_repeat, second.is_repeat, second.state) == (False, True, "done")
    assert 'data-repeat="yes"' in card
    assert Waybill.objects.count() == 3 and TrackingImport.objects.count() == 1
    assert TrackingEvent.objects.count() == events


def test_d3_1_a_second_click_while_queued_starts_no_second_job(lead, huey_immediate,
                                                               every_sheet_in_the_background):  # fmt: skip
    huey_immediate.immediate = False
    huey_immediate.flush()
    client = _client(lead)
    upload = _inspected(client, sheet(day_rows()))
    _import(client, upload)
    _import(client, upload)
    assert SheetImportJob.objects.count() == 1 and huey_immediate.pending_count() == 1
    huey_immediate.flush()


def test_d3_1_a_job_run_twice_imports_once(lead, every_sheet_in_the_background):
    """A task delivered twice: the second run finds the job started and does nothing."""
    client = _client(lead)
    _import(client, _inspected(client, sheet(day_rows())))
    job = SheetImportJob.objects.get()
    assert import_jobs.run(job.pk) is None
    assert SheetImportJob.objects.get().state == "done" and TrackingImport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_d3_1_a_job_whose_file_is_gone_fails_and_stores_nothing(lead, every_sheet_in_the_background,
                                                                 huey_immediate):  # fmt: skip
    huey_immediate.immediate = False
    huey_immediate.flush()
    client = _client(lead)
    upload = _inspected(client, sheet(day_rows()))
    _import(client, upload)
    (uploads._folder() / upload.token).unlink()
    huey_immediate.execute(huey_immediate.dequeue())
    job = SheetImportJob.objects.get()
    assert job.state == "failed" and job.message and _nothing_stored()


# ------------------------------------------------------------------ who may
def test_d3_1_a_follower_may_not_import_nor_watch_an_import(lead, zhang,
                                                            every_sheet_in_the_background):  # fmt: skip
    """张伟 follows up but does not import: his import is refused with no job and nothing
    stored; 唐伟's job's page and status are 403 for him."""
    upload = _inspected(_client(lead), sheet(day_rows()))
    staff = _client(zhang)
    response = _import(staff, upload, **HTMX)
    assert 'data-testid="import-error"' in response.content.decode()
    assert not SheetImportJob.objects.exists() and _nothing_stored()
    _import(_client(lead), upload)
    job = SheetImportJob.objects.get()
    for name in ("sheet-job", "sheet-job-status"):
        assert staff.get(reverse(f"logistics:{name}", args=[job.pk])).status_code == 403


@pytest.mark.parametrize("name", ["sheet-job", "sheet-job-status"])
def test_an_outsider_and_a_stranger_see_no_job(lead, name):
    client = _client(lead)
    _import(client, _inspected(client, sheet(day_rows())))
    url = reverse(f"logistics:{name}", args=[SheetImportJob.objects.get().pk])
    assert _client(UserFactory(username="lu")).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client.get(reverse(f"logistics:{name}", args=[999999])).status_code == 404
