"""Background tasks (Django's Tasks framework): long reports."""

from django.tasks import task

from reports.services import report_file_build


@task()
def build_report_file(report_file_id: int) -> None:
    report_file_build(report_file_id)
