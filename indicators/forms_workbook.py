"""The plan workbook's upload form (the file is read by ``plans.workbooks``, which says
plainly what is wrong with it; the form only asks that one was chosen)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanWorkbookForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
