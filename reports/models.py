"""Report files made in the background and kept until the data behind them changes."""

import base64

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


class Letterhead(models.Model):
    """The ministry's letterhead on the cover of its reports: one row for the organisation,
    written by the planning admin on the letterhead page (``reports.services.ministry``)."""

    ministry_ar = models.CharField(_("ministry (Arabic)"), max_length=200, blank=True)
    ministry_en = models.CharField(_("ministry (English)"), max_length=200, blank=True)
    directorate_ar = models.CharField(_("directorate (Arabic)"), max_length=200, blank=True)
    directorate_en = models.CharField(_("directorate (English)"), max_length=200, blank=True)
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(max_length=20, blank=True)  # image/png or image/jpeg
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self):
        return self.ministry_ar or self.ministry_en or "letterhead"

    @property
    def logo_uri(self) -> str:
        """The logo as a data address, so that the page and the PDF carry it with no file."""
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64," + base64.b64encode(bytes(self.logo)).decode()


class MinistryReport(models.Model):
    """The planning directorate's words on a ministry report (the whole ministry, one span):
    the executive summary and the recommendations, and who prepared, reviewed and approved
    them. Draft → prepared → reviewed → approved; a return sends it back to draft
    (``reports.services.ministry``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PREPARED = "prepared", _("Prepared")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey("plans.StrategicPlan", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    span_key = models.CharField(max_length=12)  # "2023-Q4", "2023" or "plan": unique per plan
    summary_ar = models.TextField(_("executive summary (Arabic)"), blank=True)
    summary_en = models.TextField(_("executive summary (English)"), blank=True)
    recommendations_ar = models.TextField(_("recommendations (Arabic)"), blank=True)
    recommendations_en = models.TextField(_("recommendations (English)"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    returned_comment = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ministry report")
        verbose_name_plural = _("ministry reports")
        constraints = [
            models.UniqueConstraint(fields=["plan", "span_key"], name="ministry_report_span"),
            models.CheckConstraint(
                condition=models.Q(quarter__isnull=True) | models.Q(quarter__range=(1, 4)),
                name="ministry_report_quarter",
            ),
        ]

    def __str__(self):
        return f"{self.plan_id} {self.span_key}"


def span_key(year: int | None, quarter: int | None) -> str:
    if year is None:
        return "plan"
    return f"{year}-Q{quarter}" if quarter else str(year)
