"""Report files made in the background and kept until the data behind them changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFile(models.Model):
    """One rendering (PDF or Excel) of one achievement report.

    ``key`` names the request (plan, span, scope, language, format) and the plan's revision
    at the time: a later change to the plan asks for a new file, so a finished file is
    reused exactly as long as the data behind it has not changed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey("plans.StrategicPlan", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "plans.OrgUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField()
    format = models.CharField(max_length=4)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/", blank=True, max_length=255)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self):
        return self.filename or self.key
