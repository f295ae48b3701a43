"""Background tasks (Django's Tasks framework): long reports."""

from django.tasks import task

from reports.services import report_file_build


@task()
def build_report_file(report_file_id: int) -> None:
    report_file_build(report_file_id)


@task()
def cleanup_report_files() -> None:
    """Old and superseded report files (see ``report_files_cleanup``)."""
    from django.conf import settings

    from reports.services import report_files_cleanup

    report_files_cleanup(days=settings.MARSAD_REPORT_FILE_DAYS)
