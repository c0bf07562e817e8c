"""Times the import of 100,000 invented figures through the admin, as an editor does it: the
upload (one request), the background check the worker runs, the confirmation (one request) and
the background import (python -m bench.import_admin).

The figures are those of bench/run.py's import (every commune's indicators, month by month from
January 2026), written as Vietnamese offices save them: semicolon-separated, with a BOM, dates
day first. It uses the benchmark's database and Redis (bench/README.md), builds them when
missing, and rolls everything back. Each request must end within gunicorn's timeout (30 s); the
jobs run in the worker, which has none.
"""

import csv
import io
import os
import sys
import time

from bench import run

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", run.IMPORT_ROWS))
TIMEOUT_SECONDS = 30


def day_first(cell):
    """2026-01-31 as 31/01/2026; anything else as it is."""
    if len(cell) == 10 and cell[4] == cell[7] == "-":
        return "/".join(reversed(cell.split("-")))
    return cell


def vietnamese_csv(path):
    """bench/run.py's CSV rewritten with semicolons and day-first dates."""
    run.import_csv(path)
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))[: ROWS + 1]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow(
            [
                "/".join(reversed(cell.split("-")))
                if cell[:2] == "20" and cell[4:5] == "-"
                else cell
                for cell in row
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def main():
    run.ensure_database()
    os.environ.update(run.ENVIRONMENT | {"ALLOWED_HOSTS": "testserver"})
    sys.path.insert(0, str(run.ROOT))
    import django

    django.setup()
    run.build()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the responses keep their template context: the confirm form

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from programs import tasks
    from programs.models import ImportJob, IndicatorValue

    run.WORK_DIR.mkdir(parents=True, exist_ok=True)
    content = vietnamese_csv(run.WORK_DIR / "import.csv")
    print(f"{ROWS:,} rows, {len(content) / 1e6:.1f} MB", flush=True)

    def timed(step):
        started = time.perf_counter()
        result = step()
        return result, time.perf_counter() - started

    def worker():
        """What db_worker runs, in this transaction, which is rolled back."""
        job = ImportJob.objects.latest("created_at")
        task = tasks.import_file if job.status == ImportJob.Status.IMPORTING else tasks.check_import
        task.call(job.pk, "vi")

    with transaction.atomic():
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("bench-import"))
        upload = SimpleUploadedFile("import.csv", content)
        response, upload_seconds = timed(
            lambda: client.post(
                reverse("admin:programs_indicatorvalue_import"),
                {"resource": "0", "format": "0", "import_file": upload},
                secure=True,
            )
        )
        _, check_seconds = timed(worker)
        job = ImportJob.objects.get(file_name="import.csv")
        page = client.get(response.url, secure=True)
        print(f"Upload: {upload_seconds:.1f} s; check (worker): {check_seconds:.1f} s", flush=True)
        if not job.can_confirm:
            raise SystemExit(f"The check refused the file: {job.error or job.summary['totals']}")
        before = IndicatorValue.objects.count()
        _, confirm_seconds = timed(lambda: client.post(response.url, secure=True))
        _, import_seconds = timed(worker)
        created = IndicatorValue.objects.count() - before
        transaction.set_rollback(True)
    print(f"Job page: {len(page.content) / 1e3:.0f} kB")
    print(f"Confirm: {confirm_seconds:.1f} s; import (worker): {import_seconds:.1f} s, ", end="")
    print(f"{created:,} figures written (rolled back)")
    for name, seconds in (("upload", upload_seconds), ("confirm", confirm_seconds)):
        verdict = "within" if seconds < TIMEOUT_SECONDS else "OVER"
        print(f"{name} request: {verdict} gunicorn's {TIMEOUT_SECONDS} s timeout")


if __name__ == "__main__":
    main()
