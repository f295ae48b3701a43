"""Forms of the indicators app: the indicator builder, the entry and review pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Dimension, Indicator
from indicators.services.structure import DIMENSION_FIELDS, INDICATOR_FIELDS
from plans.forms.structure import ServiceForm
from plans.inputs import BadInput, parse_id, parse_optional
from plans.models import ActivityProgress, Narrative, Objective, OrgUnit
from plans.vocabulary import period_label
from plans.workflow import EDITABLE

# --- The plan builder: an indicator and its target grid --------------------------------------


class TypedDecimalField(forms.CharField):
    """A number as a person types it (Western or Arabic-Indic digits); empty is None."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})

    def to_python(self, value):
        return parse_optional(value)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value or ""
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text


_TEXT_LTR = forms.TextInput(attrs={"dir": "ltr"})


class IndicatorForm(ServiceForm):
    """Every field of an indicator; the objective is chosen among the same plan's."""

    required_fields = ("objective",)

    baseline_value = TypedDecimalField(label=gettext_lazy("baseline value"))
    tolerance = TypedDecimalField(label=gettext_lazy("tolerance"))
    weight = TypedDecimalField(label=gettext_lazy("weight"))

    class Meta:
        model = Indicator
        fields = [name for name in (*INDICATOR_FIELDS, *DIMENSION_FIELDS) if name != "order"]
        widgets = {
            "code": _TEXT_LTR,
            "title_en": _TEXT_LTR,
            "description_ar": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
            "data_source_en": _TEXT_LTR,
            "verification_en": _TEXT_LTR,
            "numerator_label_en": _TEXT_LTR,
            "denominator_label_en": _TEXT_LTR,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        objectives = Objective.objects.filter(plan=plan).order_by("goal__order", "order", "code")
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = lambda o: f"{o.code} {o.title}"
        self.fields["unit"].queryset = OrgUnit.objects.order_by("order", "code")
        for name in DIMENSION_FIELDS:
            self.fields[name].queryset = Dimension.objects.filter(plan=plan)
        if self.instance.pk is None:
            self.initial.setdefault("weight", "1")

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is None:
            raise ValidationError(_("Enter the weight."))
        return weight


def target_field_name(year: int, quarter: int | None) -> str:
    return f"target-{year}" if quarter is None else f"target-{year}-q{quarter}"


class TargetGridForm(forms.Form):
    """An indicator's whole target grid: per plan year the yearly target and four optional
    quarterly ones, and one reason for the save (needed when an existing target changes)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the revision"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Needed only when an existing target is changed or emptied."),
    )

    def __init__(self, *args, years, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        stored = {(t.year, t.quarter): t.value for t in targets}
        for year in self.years:
            for quarter in (None, 1, 2, 3, 4):
                label = (
                    _("Yearly target %(year)s") % {"year": year}
                    if quarter is None
                    else _("Target for %(period)s") % {"period": period_label(year, quarter)}
                )
                self.fields[target_field_name(year, quarter)] = TypedDecimalField(
                    label=label, initial=stored.get((year, quarter))
                )

    def rows(self):
        return [
            (
                year,
                self[target_field_name(year, None)],
                [self[target_field_name(year, q)] for q in (1, 2, 3, 4)],
            )
            for year in self.years
        ]

    def cells(self) -> dict:
        data = self.cleaned_data
        return {
            (year, quarter): data.get(target_field_name(year, quarter))
            for year in self.years
            for quarter in (None, 1, 2, 3, 4)
        }

    def show_errors(self, error: ValidationError) -> None:
        """Service errors keyed "2024" or "2024-Q1" onto their cells."""
        for key, texts in error.message_dict.items():
            name = key
            if key != "reason":
                year, _sep, quarter = key.partition("-Q")
                name = target_field_name(int(year), int(quarter) if quarter else None)
            for text in texts:
                self.add_error(name if name in self.fields else None, text)


def objective_field_name(indicator_id: int, year: int) -> str:
    return f"target-{indicator_id}-{year}"


class ObjectiveTargetsForm(forms.Form):
    """The yearly targets of every indicator of an objective, for fast entry."""

    reason = TargetGridForm.base_fields["reason"]

    def __init__(self, *args, indicators, years, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.years = list(indicators), list(years)
        stored = {(t.indicator_id, t.year): t.value for t in targets if t.quarter is None}
        for indicator in self.indicators:
            for year in self.years:
                self.fields[objective_field_name(indicator.pk, year)] = TypedDecimalField(
                    label=f"{indicator.code} {year}", initial=stored.get((indicator.pk, year))
                )

    def rows(self):
        return [
            (indicator, [self[objective_field_name(indicator.pk, y)] for y in self.years])
            for indicator in self.indicators
        ]

    def cells(self) -> dict:
        return {
            (indicator.pk, year): self.cleaned_data.get(objective_field_name(indicator.pk, year))
            for indicator in self.indicators
            for year in self.years
        }

    def show_errors(self, error: ValidationError) -> None:
        for key, texts in error.message_dict.items():
            name = key if key == "reason" else f"target-{key}"
            for text in texts:
                self.add_error(name if name in self.fields else None, text)


# --- The quarterly entry and review pages ----------------------------------------------------
#
# Each page is one HTML form holding formsets of rows (an indicator's entry, an activity's
# progress, a submitted entry to review) and a small form for the page as a whole (the
# button pressed, the reason for a late entry). The views call the services; these forms
# only read and check what was sent.


class IdField(forms.CharField):
    """An id or a version sent back in a hidden input: 1 to 18 ASCII digits, as
    ``plans.inputs.parse_id`` reads them (not "٣", " 3 " or "²"); empty is None."""

    widget = forms.HiddenInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_id(text, name=self.label or "id")
        except BadInput as error:
            raise ValidationError(error.message, code="invalid") from error


def _text(rows: int) -> forms.Textarea:
    widget = forms.Textarea(attrs={"rows": rows})
    del widget.attrs["cols"]  # the table's columns decide the width
    return widget


class RowForm(forms.Form):
    """A form for one row of a page, knowing its row (``row``; None when the posted id
    names no row of the page, and then the form is ignored). ``KEY`` is the hidden field
    that carries the row's id.

    ``VALUES`` are the fields whose change counts: they are drawn with the value the page
    showed in a hidden input beside them (``show_hidden_initial``), so that ``touched`` says
    whether the person changed the row against what they saw, not against what is stored
    now: a row left alone is never written, even when somebody changed it meanwhile."""

    KEY = ""
    VALUES: tuple[str, ...] = ()

    def __init__(self, *args, row=None, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.failed = False
        self.lock(locked)

    def lock(self, locked: bool) -> None:
        """A row that cannot be changed (submitted, approved, a closed period) is drawn
        disabled, and whatever a browser might still send for it is ignored; only its id
        is sent back, so that the page can be drawn again after a failed save."""
        self.locked = locked
        for name, field in self.fields.items():
            field.disabled = locked and name != self.KEY

    @property
    def touched(self) -> bool:
        return any(name in self.changed_data for name in self.VALUES if name in self.fields)

    @property
    def selected(self) -> bool:
        """The row's "select" box is ticked."""
        return "select" in self.fields and not self.locked and bool(self["select"].data)

    def checked(self) -> bool:
        """``is_valid``, remembering a failure for the page."""
        if not self.is_valid():
            self.failed = True
        return not self.failed

    def refuse(self, error: Exception) -> None:
        """A service's refusal, onto the fields it names (onto the row as a whole for the
        others: the period, the late reason, a Conflict that names who changed the row)."""
        if isinstance(error, ValidationError):
            found = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        else:
            text = getattr(error, "message", "") or str(error)
            found = {None: [text or _("You cannot do this.")]}
        self.errors  # noqa: B018 -- checked first, so that the refusal joins the form's errors
        for name, texts in found.items():
            for text in texts:
                self.add_error(name if name in self.fields else None, text)
        self.failed = True

    def row_errors(self) -> list[str]:
        """The messages about the row as a whole, and about its hidden fields."""
        messages = list(self.non_field_errors())
        for field in self.hidden_fields():
            messages.extend(field.errors)
        return messages


class RowFormSet(forms.BaseFormSet):
    """The rows of a page as a formset. Drawn in the rows' order; read back by the id each
    form carries in its ``KEY`` field, never by position, so that a row added or removed
    between drawing and posting cannot put a value on the wrong row. A posted form whose id
    names no row of the page (or a row an earlier form already named) gets no row and is
    ignored, as a model formset ignores unknown primary keys.

    Subclasses say how a row is keyed (``key_of``), what its form starts from
    (``initial_of``) and whether it may be changed (``locked_of``)."""

    def __init__(self, data=None, files=None, *, rows, writable=True, row_writable=None, **kwargs):
        self.rows = list(rows)
        self.writable = writable
        # Under a late-entry grant for some indicators only: which rows it covers.
        self.row_writable = row_writable
        # Our own copy: after a failed save, failed rows are redrawn against what is stored.
        data = data.copy() if data is not None else None
        initial = None if data is not None else [self.initial_of(row) for row in self.rows]
        super().__init__(data, files, initial=initial, **kwargs)

    def key_of(self, row) -> int:
        raise NotImplementedError

    def initial_of(self, row) -> dict:
        raise NotImplementedError

    def locked_of(self, row) -> bool:
        return not self.writable

    @cached_property
    def _posted_rows(self) -> dict:
        """Form index → row, for a posted formset."""
        by_key = {str(self.key_of(row)): row for row in self.rows}
        found, seen = {}, set()
        for index in range(self.total_form_count()):
            raw = self.data.get(f"{self.add_prefix(index)}-{self.form.KEY}")
            if isinstance(raw, str) and raw in by_key and raw not in seen:
                seen.add(raw)
                found[index] = by_key[raw]
        return found

    def _row_at(self, index):
        if index is None:
            return None
        if self.is_bound:
            return self._posted_rows.get(index)
        return self.rows[index] if index < len(self.rows) else None

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self._kwargs_for(self._row_at(index))}

    def _kwargs_for(self, row) -> dict:
        if row is None:
            return {"row": None, "locked": True, "initial": {}}
        return {"row": row, "locked": self.locked_of(row), "initial": self.initial_of(row)}

    def sent_incomplete(self) -> bool:
        """The management form is missing or altered, or too many forms were sent."""
        return bool(self.non_form_errors())

    def row_forms(self) -> list:
        """The forms that name a row of the page, in the order they were sent."""
        return [form for form in self.forms if form.row is not None]

    @property
    def failed(self) -> bool:
        return any(form.failed for form in self.forms)

    def show_now(self, rows) -> None:
        """After a save in which some rows failed, before the page is drawn again: each
        failed row keeps what was typed and its messages, but is compared with what is
        stored now (its shown values and its version), so that sending it again saves it;
        every other row is drawn as it is stored now. A row that no longer shows is left
        out, and a new one waits for the page to be reloaded."""
        now = {self.key_of(row): row for row in rows}
        for index, form in enumerate(self.forms):
            row = now.get(self.key_of(form.row)) if form.row is not None else None
            if row is None:
                form.row = None
            elif form.failed:
                form.row, form.initial = row, self.initial_of(row)
                for name, field in form.fields.items():
                    if field.show_hidden_initial or name == "version":
                        value = field.prepare_value(form.initial.get(name))
                        target = form.add_initial_prefix if name != "version" else form.add_prefix
                        form.data[target(name)] = "" if value is None else str(value)
                form.lock(self.locked_of(row))
            else:
                self.forms[index] = self._construct_form(
                    index, data=None, files=None, **self.form_kwargs, **self._kwargs_for(row)
                )


class EntryForm(RowForm):
    """An indicator's value for the period: the value (or, for a ratio, its numerator and
    denominator), a comment, the note that confirms a flagged value, a file of evidence,
    and the box that selects the row for submission."""

    KEY = "indicator"
    VALUES = ("value", "numerator", "denominator", "comment", "quality_note")

    indicator = IdField(label="indicator")
    version = IdField(label="version")
    value = TypedDecimalField(label=gettext_lazy("Value"), show_hidden_initial=True)
    numerator = TypedDecimalField(label=gettext_lazy("Numerator"), show_hidden_initial=True)
    denominator = TypedDecimalField(label=gettext_lazy("Denominator"), show_hidden_initial=True)
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, show_hidden_initial=True, widget=_text(2)
    )
    quality_note = forms.CharField(
        label=gettext_lazy("Why this value is right"),
        required=False,
        show_hidden_initial=True,
        widget=_text(2),
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence"),
        required=False,
        allow_empty_file=True,  # the service checks files, with its own messages
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx"}),
    )
    select = forms.BooleanField(label=gettext_lazy("Select for submission"), required=False)

    def __init__(self, *args, row=None, **kwargs):
        grid = row.grid if row is not None else None
        if grid is not None:
            # The grid's cells are fields of the row, drawn and compared like its value.
            self.base_fields = {**self.base_fields, **grid_fields(grid)}
        super().__init__(*args, row=row, **kwargs)
        if row is None:
            return
        indicator = row.indicator
        self.grid = grid
        if grid is not None:
            names = [name for cell in grid.cells for name in cell.fields.values()]
            self.VALUES = (*self.VALUES, *names)
            # The total of a count or a ratio is worked out from the cells; a level's is typed.
            dropped = ["numerator", "denominator"] + (["value"] if grid.rule != "entered" else [])
            for name in dropped:
                self.fields.pop(name, None)
        elif row.is_ratio:
            del self.fields["value"]
            for name, extra in (
                ("numerator", indicator.numerator_label),
                ("denominator", indicator.denominator_label),
            ):
                if extra:
                    self.fields[name].label = f"{self.fields[name].label}: {extra}"
        else:
            del self.fields["numerator"], self.fields["denominator"]
        for name in ("value", "comment", "evidence", "select"):
            if name in self.fields:
                self.fields[name].widget.attrs["aria-label"] = (
                    f"{self.fields[name].label} {indicator.code}"
                )

    @property
    def needs_note(self) -> bool:
        """Whether the row shows the note that confirms a flagged value."""
        entry = self.row.entry if self.row else None
        return "quality_note" in self.errors or bool(entry and entry.quality_flags)

    @property
    def has_input(self) -> bool:
        """A value, a numerator or a denominator was given (after ``is_valid``)."""
        data = self.cleaned_data
        names = ["value", "numerator", "denominator"]
        if self.grid is not None:
            names += [name for cell in self.grid.cells for name in cell.fields.values()]
        return any(data.get(name) is not None for name in names)

    def cells(self) -> dict | None:
        """The grid as typed, for ``progress_save`` (None for an indicator without one)."""
        if self.grid is None:
            return None
        data = self.cleaned_data
        return {
            cell.key: {part: data.get(name) for part, name in cell.fields.items()}
            for cell in self.grid.cells
        }

    def grid_table(self) -> list:
        """The grid to draw: rows of (option, [(cell, {part: bound field})])."""
        table = []
        for option, cells in self.grid.rows():
            table.append(
                (option, [(cell, [self[name] for name in cell.fields.values()]) for cell in cells])
            )
        return table


def grid_fields(grid) -> dict:
    """One typed number per cell (a numerator and a denominator for a ratio's cell)."""
    fields = {}
    for cell in grid.cells:
        for part, name in cell.fields.items():
            field = TypedDecimalField(label=cell.label(part), show_hidden_initial=True)
            field.widget.attrs.update({"aria-label": cell.label(part), "size": 6})
            field.widget.attrs["data-cell"] = part
            fields[name] = field
    return fields


class EntryFormSet(RowFormSet):
    def key_of(self, row) -> int:
        return row.indicator.pk

    def initial_of(self, row) -> dict:
        entry = row.entry
        if entry is None:
            return {"indicator": row.indicator.pk}
        cells = {}
        if row.grid is not None:
            for cell in row.grid.cells:
                stored = entry.cells.get(cell.key, {})
                for part, name in cell.fields.items():
                    cells[name] = stored.get(part)
        return {
            **cells,
            "indicator": row.indicator.pk,
            "version": entry.version,
            "value": entry.value,
            "numerator": entry.numerator,
            "denominator": entry.denominator,
            "comment": entry.comment,
            "quality_note": entry.quality_note,
        }

    def locked_of(self, row) -> bool:
        outside = self.row_writable is not None and not self.row_writable(row)
        return not self.writable or not row.editable or outside


EntryFormSet = forms.formset_factory(EntryForm, formset=EntryFormSet, extra=0)


class ActivityProgressForm(RowForm):
    """An activity's progress in the period, on the entry page below the indicators."""

    KEY = "activity"
    VALUES = ("percent_complete", "status", "comment")

    activity = IdField(label="activity")
    version = IdField(label="version")
    percent_complete = TypedDecimalField(
        label=gettext_lazy("Percent complete"), show_hidden_initial=True
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=ActivityProgress.Status.choices,
        required=False,
        show_hidden_initial=True,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, show_hidden_initial=True, widget=_text(1)
    )
    select = forms.BooleanField(label=gettext_lazy("Select for submission"), required=False)

    def __init__(self, *args, row=None, **kwargs):
        super().__init__(*args, row=row, **kwargs)
        if row is not None:
            for name in ("percent_complete", "status", "comment", "select"):
                self.fields[name].widget.attrs["aria-label"] = (
                    f"{self.fields[name].label} {row.code}"
                )


class ActivityProgressFormSet(RowFormSet):
    def key_of(self, row) -> int:
        return row.pk

    def initial_of(self, row) -> dict:
        progress = row.period_progress
        if progress is None:
            return {"activity": row.pk}
        return {
            "activity": row.pk,
            "version": progress.version,
            "percent_complete": progress.percent_complete,
            "status": progress.status,
            "comment": progress.comment,
        }

    def locked_of(self, row) -> bool:
        progress = row.period_progress
        editable = progress is None or progress.review_status in EDITABLE
        outside = self.row_writable is not None and not self.row_writable(row)
        return not self.writable or not editable or outside


ActivityProgressFormSet = forms.formset_factory(
    ActivityProgressForm, formset=ActivityProgressFormSet, extra=0
)


def _narrative_text(label, lang: str) -> forms.CharField:
    widget = _text(3)
    widget.attrs.update({"dir": "ltr" if lang == "en" else "rtl", "lang": lang})
    return forms.CharField(label=label, required=False, show_hidden_initial=True, widget=widget)


class NarrativeForm(RowForm):
    """The narrative of an objective the unit leads, for the period, on the entry page: its
    achievements, challenges and their causes, and next steps, each in Arabic and English
    (``Narrative.TEXTS``), and the box that selects it for submission."""

    KEY = "objective"
    VALUES = Narrative.TEXTS

    objective = IdField(label="objective")
    version = IdField(label="version")
    select = forms.BooleanField(label=gettext_lazy("Select for submission"), required=False)

    achievements_ar = _narrative_text(gettext_lazy("Achievements (Arabic)"), "ar")
    achievements_en = _narrative_text(gettext_lazy("Achievements (English)"), "en")
    challenges_ar = _narrative_text(gettext_lazy("Challenges and their causes (Arabic)"), "ar")
    challenges_en = _narrative_text(gettext_lazy("Challenges and their causes (English)"), "en")
    next_steps_ar = _narrative_text(gettext_lazy("Next steps (Arabic)"), "ar")
    next_steps_en = _narrative_text(gettext_lazy("Next steps (English)"), "en")

    def __init__(self, *args, row=None, **kwargs):
        super().__init__(*args, row=row, **kwargs)
        if row is not None:
            for name in (*Narrative.TEXTS, "select"):
                self.fields[name].widget.attrs["aria-label"] = (
                    f"{self.fields[name].label} {row.code}"
                )

    def pairs(self):
        """The parts as (Arabic field, English field), in their order."""
        return [(self[f"{part}_ar"], self[f"{part}_en"]) for part in Narrative.PARTS]


class NarrativeFormSet(RowFormSet):
    def key_of(self, row) -> int:
        return row.pk

    def initial_of(self, row) -> dict:
        narrative = row.period_narrative
        if narrative is None:
            return {"objective": row.pk}
        return {
            "objective": row.pk,
            "version": narrative.version,
            **{name: getattr(narrative, name) for name in Narrative.TEXTS},
        }

    def locked_of(self, row) -> bool:
        narrative = row.period_narrative
        editable = narrative is None or narrative.status in EDITABLE
        return not self.writable or not editable


NarrativeFormSet = forms.formset_factory(NarrativeForm, formset=NarrativeFormSet, extra=0)


class EntryPageForm(forms.Form):
    """The entry page as a whole: the button pressed, and the reason for a late entry (a
    planning admin's, in a closed period)."""

    SUBMITTING = ("submit_selected", "submit_all")

    action = forms.ChoiceField(
        choices=[("save", "save"), ("submit_selected", "submit_selected"), ("submit_all", "all")],
        required=False,
    )
    late_reason = forms.CharField(
        label=gettext_lazy("Reason for a late entry (required in a closed period)"),
        required=False,
    )

    @property
    def submitting(self) -> str:
        """ "submit_all", "submit_selected" or "" (a save)."""
        action = self.cleaned_data.get("action")
        return action if action in self.SUBMITTING else ""


class LateRequestForm(forms.Form):
    """An officer's request to enter a closed period's values late: the reason, and the
    indicators asked for (none chosen: the whole unit)."""

    reason = forms.CharField(
        label=gettext_lazy("Why the values are entered late"), widget=_text(2), max_length=4000
    )
    indicators = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Indicators (none chosen: the whole unit)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [(i.pk, f"{i.code} {i.title}") for i in indicators]


class LateAnswerForm(forms.Form):
    """The planning admin's answer to a late-entry request."""

    action = forms.ChoiceField(choices=[("grant", "grant"), ("refuse", "refuse")])
    deadline = forms.DateField(
        label=gettext_lazy("Allowed until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (required to refuse)"), required=False, widget=_text(1)
    )


class EntryWorkbookForm(forms.Form):
    """The quarter's workbook sent back from the entry page, and the reason for a late
    entry (a planning admin's, in a closed period). The file is read by
    ``indicators.services.quarter_workbook``, which says what is wrong with it."""

    workbook = forms.FileField(
        label=gettext_lazy("The filled-in workbook"),
        allow_empty_file=True,  # the reader refuses it with its own message
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
    )
    late_reason = forms.CharField(
        label=gettext_lazy("Reason for a late entry (required in a closed period)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the entry page's form beside it has a late reason too.
        kwargs.setdefault("auto_id", "upload-%s")
        super().__init__(*args, **kwargs)


class DecisionForm(RowForm):
    """A submitted report on the review page: approved or returned by its own buttons
    (``decision``), or selected for the buttons below the table; the comment is the
    reason for returning it."""

    version = IdField(label="version")
    decision = forms.ChoiceField(
        choices=[("approve", "approve"), ("return", "return")], required=False
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for returning"), required=False, widget=_text(2)
    )

    @property
    def decided(self) -> bool:
        """One of the row's own buttons was pressed."""
        return bool(self["decision"].data)


class ReviewForm(DecisionForm):
    KEY = "entry"

    entry = IdField(label="entry")
    select = forms.BooleanField(required=False)

    def __init__(self, *args, row=None, **kwargs):
        super().__init__(*args, row=row, **kwargs)
        if row is not None:
            self.fields["select"].widget.attrs["aria-label"] = (
                f"{_('Select')} {row.entry.indicator.code}"
            )


class ReviewFormSet(RowFormSet):
    def key_of(self, row) -> int:
        return row.entry.pk

    def initial_of(self, row) -> dict:
        return {"entry": row.entry.pk, "version": row.entry.version}


ReviewFormSet = forms.formset_factory(ReviewForm, formset=ReviewFormSet, extra=0)


class ActivityReviewForm(DecisionForm):
    KEY = "progress"

    progress = IdField(label="progress")


class ActivityReviewFormSet(RowFormSet):
    def key_of(self, row) -> int:
        return row.pk

    def initial_of(self, row) -> dict:
        return {"progress": row.pk, "version": row.version}


ActivityReviewFormSet = forms.formset_factory(
    ActivityReviewForm, formset=ActivityReviewFormSet, extra=0
)


class NarrativeReviewForm(DecisionForm):
    KEY = "narrative"

    narrative = IdField(label="narrative")


class NarrativeReviewFormSet(RowFormSet):
    def key_of(self, row) -> int:
        return row.pk

    def initial_of(self, row) -> dict:
        return {"narrative": row.pk, "version": row.version}


NarrativeReviewFormSet = forms.formset_factory(
    NarrativeReviewForm, formset=NarrativeReviewFormSet, extra=0
)


class ReviewPageForm(forms.Form):
    """The review page as a whole: the buttons for the selected entries, their comment,
    and the reason for accepting a late entry."""

    action = forms.ChoiceField(
        choices=[("approve_selected", "approve"), ("return_selected", "return")],
        required=False,
    )
    bulk_comment = forms.CharField(
        label=gettext_lazy("Comment for returning the selected"), required=False
    )
    late_reason = forms.CharField(
        label=gettext_lazy("Reason for accepting a late entry (required in a closed period)"),
        required=False,
    )

    @property
    def verb(self) -> str:
        return {"approve_selected": "approve", "return_selected": "return"}.get(
            self.cleaned_data.get("action"), ""
        )
