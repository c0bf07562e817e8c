"""Times the import of 100,000 invented figures through the admin, as an editor does it: the
upload and its preview, then the confirmation, each one request (python -m bench.import_admin).

The figures are those of bench/run.py's import (every commune's indicators, month by month from
January 2026), written as Vietnamese offices save them: semicolon-separated, with a BOM, dates
day first. It uses the benchmark's database and Redis (bench/README.md), builds them when
missing, and rolls everything back. Each request must end within gunicorn's timeout (30 s).
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

    from programs.models import IndicatorValue

    run.WORK_DIR.mkdir(parents=True, exist_ok=True)
    content = vietnamese_csv(run.WORK_DIR / "import.csv")
    print(f"{ROWS:,} rows, {len(content) / 1e6:.1f} MB", flush=True)
    with transaction.atomic():
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("bench-import"))
        upload = SimpleUploadedFile("import.csv", content)
        started = time.perf_counter()
        response = client.post(
            reverse("admin:programs_indicatorvalue_import"),
            {"resource": "0", "format": "0", "import_file": upload},
            secure=True,
        )
        preview = time.perf_counter() - started
        print(f"Preview: {preview:.1f} s", flush=True)
        if "confirm_form" not in response.context:
            raise SystemExit(f"The preview refused the file: {response.context.get('summary')}")
        before = IndicatorValue.objects.count()
        started = time.perf_counter()
        client.post(
            reverse("admin:programs_indicatorvalue_process_import"),
            response.context["confirm_form"].initial,
            secure=True,
        )
        confirm = time.perf_counter() - started
        created = IndicatorValue.objects.count() - before
        transaction.set_rollback(True)
    print(f"Preview page: {len(response.content) / 1e3:.0f} kB")
    print(f"Confirm: {confirm:.1f} s, {created:,} figures written (rolled back)")
    for name, seconds in (("preview", preview), ("confirm", confirm)):
        verdict = "within" if seconds < TIMEOUT_SECONDS else "OVER"
        print(f"{name}: {verdict} gunicorn's {TIMEOUT_SECONDS} s timeout")


if __name__ == "__main__":
    main()
