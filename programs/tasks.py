"""The spreadsheet import's background jobs (ImportJob), which the worker runs
(`manage.py db_worker`): a check of the whole file, then, once the editor confirms, its import.

Each task reads the job afresh and records where it is in the job, so that the editor's page,
on any host, follows it; an error is the job's, in words, never an exception's name.
"""

import logging

from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from . import importing
from .models import ImportJob
from .resources import FORMATS, PREVIEW_ROWS, IndicatorValueResource

logger = logging.getLogger(__name__)


def read(job):
    """The job's file as rows, or FileError."""
    file_format = next(f() for f in FORMATS if f().get_extension() == job.file_format)
    try:
        return file_format.create_dataset(bytes(job.upload))
    except importing.FileError:
        raise
    except Exception as error:  # openpyxl's or tablib's own: the editor needs words
        raise importing.FileError(
            _("The file cannot be read: check that it is a CSV or XLSX file as chosen. %(how)s")
            % {"how": importing.SAVE_AS_UTF8}
        ) from error


def run(job, status, **import_kwargs):
    """Read the job's file and import it as `import_kwargs` say; the result, or None when the
    job failed (and says why)."""
    job.set(status=status, rows_done=0)
    try:
        dataset = read(job)
        job.set(rows_total=len(dataset))
        return IndicatorValueResource().import_data(
            dataset, raise_errors=False, file_name=job.file_name, user=job.user, **import_kwargs
        )
    except importing.FileError as error:
        job.fail(str(error))
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        job.fail(_("The import stopped on an unexpected error; nothing was written."))
    return None


@task()
def check_import(job_id, language):
    """Every row read and checked, nothing written: the summary the editor confirms."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with override(language):
        result = run(job, ImportJob.Status.CHECKING, check=True, progress=job.report)
        if result is not None:
            job.set(
                status=ImportJob.Status.CHECKED,
                rows_done=job.rows_total or 0,
                summary=importing.summary(result, PREVIEW_ROWS),
            )


@task()
def import_file(job_id, language):
    """The confirmed file written whole, as an ImportBatch, or nothing written when a row has
    become invalid since its check (the summary then says which)."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with override(language):
        result = run(job, ImportJob.Status.IMPORTING)
        if result is None:
            return
        batch = getattr(result, "batch", None)
        summary = importing.summary(result, PREVIEW_ROWS)
        if batch is None:
            job.fail(_("Rows have changed since the check: nothing was written."), summary=summary)
        else:
            job.set(
                status=ImportJob.Status.DONE,
                batch=batch,
                upload=None,
                summary=summary,
                rows_done=job.rows_total or 0,
            )
