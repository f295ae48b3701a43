"""Disaggregation (docs/disaggregation.md): a plan's dimensions and options, an indicator
broken down by up to two of them, the entry's cells and their total, the entry grid."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import engine, services
from indicators.models import Dimension, ProgressEntry
from indicators.services import dimensions
from indicators.services import structure as indicator_services
from plans.errors import Conflict
from tests import builders
from tests.page_forms import PageForm

pytestmark = pytest.mark.django_db


def _dimension(world, code, options):
    dimension = dimensions.dimension_create(
        by=world.admin, plan=world.plan, code=code, name_ar=f"بعد {code}", name_en=code
    )
    dimensions.dimension_options_set(dimension=dimension, by=world.admin, options=options)
    return dimension


@pytest.fixture
def grid(cycle):
    """Governorate (Baghdad, Basra, Nineveh) × sex (female, male)."""
    world = cycle.world
    governorate = _dimension(
        world,
        "governorate",
        [("baghdad", "بغداد", "Baghdad"), ("basra", "البصرة", "Basra"),
         ("nineveh", "نينوى", "Nineveh")],
    )  # fmt: skip
    sex = _dimension(world, "sex", [("female", "إناث", "Female"), ("male", "ذكور", "Male")])
    return governorate, sex


def _options(dimension):
    return {o.code: o.pk for o in dimension.options.all()}


def _broken_down(world, indicator, first, second=None):
    return indicator_services.indicator_update(
        indicator=indicator, by=world.admin, changes={"dimension_1": first, "dimension_2": second}
    )


def _cells(governorate, sex, figures):
    """{(governorate code, sex code): figures} → the service's cells."""
    g, s = _options(governorate), _options(sex)
    return {f"{g[a]}:{s[b]}": value for (a, b), value in figures.items()}


# --- Dimensions and options ----------------------------------------------------------------


def test_options_are_kept_in_order_and_matched_by_code(cycle, grid):
    world = cycle.world
    governorate, _sex = grid
    basra = governorate.options.get(code="basra")
    dimensions.dimension_options_set(
        dimension=governorate,
        by=world.admin,
        options=[("basra", "البصرة الفيحاء", "Basra"), ("baghdad", "بغداد", "Baghdad")],
    )
    assert [o.code for o in governorate.options.all()] == ["basra", "baghdad"]
    assert governorate.options.get(code="basra").pk == basra.pk  # the same option, renamed
    assert governorate.options.get(code="basra").name_ar == "البصرة الفيحاء"


def test_bad_option_lines_are_refused_by_line(cycle, grid):
    world = cycle.world
    governorate, _sex = grid
    with pytest.raises(ValidationError) as refused:
        dimensions.dimension_options_set(
            dimension=governorate,
            by=world.admin,
            options=[("basra", "البصرة", ""), ("basra", "x", ""), ("", "", "")],
        )
    messages = refused.value.message_dict["options"]
    assert len(messages) == 2 and "2" in messages[0] and "3" in messages[1]  # lines 2 and 3
    assert governorate.options.count() == 3  # nothing written


def test_only_a_planning_admin_builds_dimensions(cycle):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        dimensions.dimension_create(
            by=cycle.world.officer_a, plan=cycle.world.plan, code="sex", name_ar="الجنس"
        )


def test_an_indicator_takes_its_own_plans_dimensions_first_then_second(cycle, grid):
    world = cycle.world
    governorate, sex = grid
    with pytest.raises(ValidationError) as refused:
        _broken_down(world, world.indicator_a, None, sex)
    assert "dimension_2" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _broken_down(world, world.indicator_a, sex, sex)
    other = Dimension.objects.create(plan=builders.plan(), code="x", name_ar="س")
    with pytest.raises(ValidationError) as refused:
        _broken_down(world, world.indicator_a, other)
    assert "dimension_1" in refused.value.message_dict
    assert _broken_down(world, world.indicator_a, governorate, sex).dimension_2_id == sex.pk


def test_a_used_dimension_and_an_option_with_values_cannot_go(cycle, grid):
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    with pytest.raises(Conflict):
        dimensions.dimension_delete(dimension=sex, by=world.admin)
    services.progress_save(
        indicator=indicator, period=cycle.open_period, by=world.officer_a,
        cells=_cells(governorate, sex, {("basra", "male"): {"value": D(4)}}),
    )  # fmt: skip
    with pytest.raises(Conflict):
        dimensions.dimension_options_set(
            dimension=governorate, by=world.admin, options=[("baghdad", "بغداد", "")]
        )
    with pytest.raises(ValidationError) as refused:
        _broken_down(world, indicator, sex)
    assert "dimension_1" in refused.value.message_dict


# --- Totals: the worked examples of docs/disaggregation.md ---------------------------------


def test_a_counts_total_is_the_sum_of_its_cells(cycle, grid):
    """Worked example 1: people trained, governorate × sex."""
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    figures = {
        ("baghdad", "female"): 12, ("baghdad", "male"): 18,
        ("basra", "female"): 5, ("basra", "male"): 10,
        ("nineveh", "female"): 0, ("nineveh", "male"): 5,
    }  # fmt: skip
    entry = services.progress_save(
        indicator=indicator, period=cycle.open_period, by=world.officer_a,
        value=D(999),  # a typed total of a count is not used: the cells make it
        cells=_cells(governorate, sex, {k: {"value": D(v)} for k, v in figures.items()}),
    )  # fmt: skip
    assert entry.value == D(50) and entry.numerator is None
    assert len(entry.cells) == 6


def test_a_ratios_total_is_the_numerators_over_the_denominators(cycle, grid):
    """Worked example 2: cases solved out of cases opened, governorate × sex."""
    world = cycle.world
    governorate, sex = grid
    world.indicator_a.measure, world.indicator_a.aggregation = "ratio", "last"
    world.indicator_a.save()
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    figures = {
        ("baghdad", "female"): (30, 40), ("baghdad", "male"): (45, 60),
        ("basra", "female"): (10, 20), ("basra", "male"): (15, 30),
        ("nineveh", "female"): (0, 10), ("nineveh", "male"): (20, 40),
    }  # fmt: skip
    cells = {k: {"numerator": D(n), "denominator": D(d)} for k, (n, d) in figures.items()}
    entry = services.progress_save(
        indicator=indicator, period=cycle.open_period, by=world.officer_a,
        cells=_cells(governorate, sex, cells),
    )  # fmt: skip
    # 120 / 200, not the mean of the cells' percentages (56.25).
    assert (entry.numerator, entry.denominator, entry.value) == (D(120), D(200), D(60))
    basra_female = entry.cells[f"{_options(governorate)['basra']}:{_options(sex)['female']}"]
    assert basra_female == {"value": "50", "numerator": "10", "denominator": "20"}


def test_a_ratios_options_are_shown_with_the_decimals_needed(cycle, grid, client_for):
    """Found by a walk: an option's ratio showed every digit of 57.142857…; it is shown as
    the indicator's own figures are (figure_places). Measured from the baseline, no option
    has an achievement, and the page says why."""
    world = cycle.world
    governorate, sex = grid
    world.indicator_a.measure, world.indicator_a.aggregation = "ratio", "last"
    world.indicator_a.method, world.indicator_a.baseline_value = "baseline", D(40)
    world.indicator_a.save()
    indicator = _broken_down(world, world.indicator_a, sex)
    s = _options(sex)
    dimensions.option_targets_save(
        indicator=indicator, by=world.admin, cells={(s["female"], 2021): D(70)}
    )
    cells = {
        str(s["female"]): {"numerator": D(4), "denominator": D(7)},
        str(s["male"]): {"numerator": D(8), "denominator": D(13)},
    }
    entry = services.progress_save(
        indicator=indicator, period=cycle.open_period, by=world.officer_a, cells=cells
    )
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    client = client_for(world.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(reverse("indicator_detail", args=[indicator.pk])).content.decode()
    assert ">57.1<" in html and ">61.5<" in html and "57.142" not in html
    assert "an option has none of its own, so no option's achievement is worked out" in html
    assert "Cells by option:</span> 2 cells changed" in html  # the trail, not two dicts


def test_a_levels_total_is_entered_and_must_lie_between_its_cells(cycle, grid):
    """Worked example 3: satisfaction (a percentage), governorate × sex."""
    world = cycle.world
    governorate, sex = grid
    world.indicator_a.measure, world.indicator_a.aggregation = "percentage", "last"
    world.indicator_a.save()
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    figures = {
        ("baghdad", "female"): 70, ("baghdad", "male"): 64,
        ("basra", "female"): 80, ("basra", "male"): 76,
        ("nineveh", "female"): 58, ("nineveh", "male"): 62,
    }  # fmt: skip
    cells = _cells(governorate, sex, {k: {"value": D(v)} for k, v in figures.items()})
    save = {"indicator": indicator, "period": cycle.open_period, "by": world.officer_a}
    save["cells"] = cells
    with pytest.raises(ValidationError) as refused:
        services.progress_save(**save, value=D(85))
    assert "value" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.progress_save(**save)  # no total entered
    entry = services.progress_save(**save, value=D(68))
    assert entry.value == D(68)


def test_a_bad_cell_is_refused_on_its_own_key(cycle, grid):
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    cells = _cells(
        governorate, sex,
        {("baghdad", "female"): {"value": D(3)}, ("basra", "male"): {"value": D(-1)}},
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.progress_save(
            indicator=indicator, period=cycle.open_period, by=world.officer_a, cells=cells
        )
    key = f"cell-{_options(governorate)['basra']}-{_options(sex)['male']}-value"
    assert list(refused.value.message_dict) == [key]
    assert not ProgressEntry.objects.exists()


def test_engine_total_rules():
    assert engine.total_rule("number", "sum") == engine.TotalRule.SUM
    assert engine.total_rule("number", "last") == engine.TotalRule.ENTERED
    assert engine.total_rule("percentage", "average") == engine.TotalRule.ENTERED
    assert engine.total_rule("ratio", "sum") == engine.TotalRule.RATIO
    cells = {(1, 10): (D(2), None, None), (1, 11): (D(3), None, None), (2, 10): (D(5), None, None)}
    assert engine.option_amounts(engine.TotalRule.SUM, cells, 0) == {
        1: (D(5), None, None), 2: (D(5), None, None),
    }  # fmt: skip
    assert engine.option_amounts(engine.TotalRule.SUM, cells, 1)[10] == (D(7), None, None)


# --- The entry page's grid -----------------------------------------------------------------


def _entry_url(cycle):
    return reverse("entry", args=[cycle.open_period.pk])


def _cell_field(form, pk, governorate, sex, g, s, part="value"):
    return form.name("entry", pk, f"cell-{_options(governorate)[g]}-{_options(sex)[s]}-{part}")


def test_the_grid_is_saved_as_a_draft_with_its_total(cycle, grid, client_for):
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    client = client_for(world.officer_a)
    form = PageForm.of(client, _entry_url(cycle), "entry-TOTAL_FORMS")
    form.fields[_cell_field(form, indicator.pk, governorate, sex, "baghdad", "female")] = ["١٢"]
    form.fields[_cell_field(form, indicator.pk, governorate, sex, "basra", "male")] = ["٣٫٥"]
    response = client.post(_entry_url(cycle), form.data(action="save"))
    assert response.status_code == 302
    entry = ProgressEntry.objects.get(indicator=indicator)
    assert entry.status == "draft" and entry.value == D("15.5") and len(entry.cells) == 2
    html = client.get(_entry_url(cycle)).content.decode()
    assert "data-total>15.5<" in html and "js/grid_total.js" in html


def test_a_bad_cell_keeps_the_others_as_typed_and_the_other_rows_are_saved(cycle, grid, client_for):
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    client = client_for(world.officer_a)
    form = PageForm.of(client, _entry_url(cycle), "entry-TOTAL_FORMS")
    good = _cell_field(form, indicator.pk, governorate, sex, "baghdad", "female")
    bad = _cell_field(form, indicator.pk, governorate, sex, "basra", "male")
    form.fields[good], form.fields[bad] = ["7"], ["-2"]
    form.set("entry", world.indicator_a1.pk, value="30")
    client.cookies["marsad_language"] = "en"
    response = client.post(_entry_url(cycle), form.data(action="save"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="7"' in html and "The value cannot be negative." in html
    assert not ProgressEntry.objects.filter(indicator=indicator).exists()
    assert ProgressEntry.objects.get(indicator=world.indicator_a1).value == D(30)


def test_the_grid_is_submitted_returned_and_approved_as_one(cycle, grid, client_for):
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    client = client_for(world.officer_a)
    form = PageForm.of(client, _entry_url(cycle), "entry-TOTAL_FORMS")
    form.fields[_cell_field(form, indicator.pk, governorate, sex, "baghdad", "male")] = ["10"]
    form.fields[_cell_field(form, indicator.pk, governorate, sex, "nineveh", "female")] = ["6"]
    form.tick("entry", indicator.pk)
    assert client.post(_entry_url(cycle), form.data(action="submit_selected")).status_code == 302
    entry = ProgressEntry.objects.get(indicator=indicator)
    assert entry.status == "submitted" and entry.value == D(16)
    entry = services.progress_return(
        entry=entry, by=world.head_a, expected_version=entry.version, comment="نينوى؟"
    )
    form = PageForm.of(client, _entry_url(cycle), "entry-TOTAL_FORMS")
    form.fields[_cell_field(form, indicator.pk, governorate, sex, "nineveh", "female")] = ["8"]
    form.tick("entry", indicator.pk)
    assert client.post(_entry_url(cycle), form.data(action="submit_selected")).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.value == D(18)
    # The trail keeps the change of the grid.
    assert entry.events.filter(changes__has_key="cells").exists()
    entry = services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    assert entry.approved_value == D(18) and entry.approved_cells == entry.cells
    assert entry.cells_in_force == entry.cells


# --- The builder pages ---------------------------------------------------------------------


def test_the_planning_admin_builds_a_dimension_and_its_options_on_the_pages(cycle, client_for):
    world = cycle.world
    client = client_for(world.admin)
    url = reverse("dimension_builder_list", args=[world.plan.pk])
    response = client.post(url, {"code": "sex", "name_ar": "الجنس", "name_en": "Sex", "order": 0})
    dimension = Dimension.objects.get(plan=world.plan, code="sex")
    assert response.status_code == 302
    edit = reverse("dimension_builder_edit", args=[dimension.pk])
    response = client.post(
        edit, {"action": "options", "options": "female | إناث | Female\nmale | ذكور | Male\n"}
    )
    assert response.status_code == 302
    assert [(o.code, o.name_ar) for o in dimension.options.all()] == [
        ("female", "إناث"), ("male", "ذكور"),
    ]  # fmt: skip
    html = client.get(edit).content.decode()
    assert "إناث" in html
    response = client.post(edit, {"action": "options", "options": "female | |"})
    assert response.status_code == 400 and dimension.options.count() == 2
    # The indicator's page offers the plan's dimensions.
    html = client.get(reverse("builder_indicator", args=[world.indicator_a.pk])).content.decode()
    assert 'name="dimension_1"' in html and "الجنس" in html


@pytest.mark.parametrize(("who", "status"), [("officer_a", 403), ("outsider", 404)])
def test_only_the_planning_admin_opens_the_dimension_pages(cycle, client_for, who, status):
    url = reverse("dimension_builder_list", args=[cycle.world.plan.pk])
    assert client_for(getattr(cycle.world, who)).get(url).status_code == status


# --- Per-option achievement and the indicator page -----------------------------------------


def test_the_indicator_page_shows_each_options_actual_and_achievement(cycle, grid, client_for):
    """Worked example 1 again, approved: Basra's own target 20 gives it 75 %; the total's
    achievement and every roll-up stay on the total (50 against 100)."""
    from indicators.selectors.achievement import achievement_tree

    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    g = _options(governorate)
    dimensions.option_targets_save(
        indicator=indicator, by=world.admin, cells={(g["basra"], 2021): D(20)}
    )
    figures = {
        ("baghdad", "female"): 12, ("baghdad", "male"): 18,
        ("basra", "female"): 5, ("basra", "male"): 10,
        ("nineveh", "female"): 0, ("nineveh", "male"): 5,
    }  # fmt: skip
    entry = services.progress_save(
        indicator=indicator, period=cycle.open_period, by=world.officer_a,
        cells=_cells(governorate, sex, {k: {"value": D(v)} for k, v in figures.items()}),
    )  # fmt: skip
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    from indicators.selectors.breakdown import indicator_breakdown
    from indicators.selectors.pages import indicator_detail, indicator_entries

    loaded = indicator_detail(indicator.pk)
    by_governorate, by_sex = indicator_breakdown(loaded, indicator_entries(loaded))
    rows = {row.option.code: row for row in by_governorate.rows}
    assert rows["basra"].actual == D(15) and rows["basra"].achievement == D(75)
    assert rows["baghdad"].achievement is None and rows["baghdad"].share == D(60)
    assert {row.option.code: row.actual for row in by_sex.rows} == {"female": 17, "male": 33}
    tree = achievement_tree(world.plan, year=2021, quarter=2)
    scored = {i.indicator.pk: i for i in tree.indicators}[indicator.pk]
    # The roll-up reads the total, as before (the quarter reported: 50 against 25).
    assert (scored.result.actual, scored.result.target) == (D(50), D(25))
    client = client_for(world.admin)
    html = client.get(reverse("indicator_detail", args=[indicator.pk])).content.decode()
    assert "<svg" in html and "البصرة" in html and "75.0%" in html


def test_the_planning_admin_sets_targets_by_option_on_their_page(cycle, grid, client_for):
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    basra = _options(governorate)["basra"]
    client = client_for(world.admin)
    url = reverse("option_targets_builder", args=[indicator.pk])
    assert client.post(url, {f"t-{basra}-2021": "٢٠"}).status_code == 302
    assert indicator.option_targets.get().value == D(20)
    assert client.post(url, {f"t-{basra}-2021": "x"}).status_code == 400
    assert client.post(url, {f"t-{basra}-2021": ""}).status_code == 302
    assert not indicator.option_targets.exists()
    assert client_for(world.officer_a).get(url).status_code == 403


# --- The API -------------------------------------------------------------------------------


def test_the_api_takes_and_gives_the_cells_with_the_permissions_of_any_entry(
    cycle, grid, client_for
):
    from rest_framework.test import APIClient

    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    g, s = _options(governorate), _options(sex)
    cells = [
        {"option_1": g["baghdad"], "option_2": s["female"], "value": "١٢"},
        {"option_1": g["basra"], "option_2": s["male"], "value": 8},
    ]
    body = {"indicator": indicator.pk, "period": cycle.open_period.pk, "cells": cells}
    api = APIClient()
    api.force_authenticate(world.officer_b)  # another unit's officer
    assert api.post("/api/v1/progress/", body, format="json").status_code in (403, 400)
    api.force_authenticate(world.officer_a)
    response = api.post("/api/v1/progress/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert D(data["value"]) == D(20)
    assert {(c["option_1"], c["option_2"], c["value"]) for c in data["cells"]} == {
        (g["baghdad"], s["female"], "12"), (g["basra"], s["male"], "8"),
    }  # fmt: skip
    # PATCH without cells keeps them; a bad cell is refused on its key.
    url = f"/api/v1/progress/{data['id']}/"
    response = api.patch(url, {"version": 1, "comment": "ok"}, format="json")
    assert response.status_code == 200 and len(response.json()["cells"]) == 2
    bad = [{"option_1": g["basra"], "option_2": s["male"], "value": "-1"}]
    response = api.patch(url, {"version": 2, "cells": bad}, format="json")
    assert response.status_code == 400
    assert f"cell-{g['basra']}-{s['male']}-value" in response.content.decode()


# --- The report's workbook -----------------------------------------------------------------


def test_the_reports_workbook_has_a_sheet_of_the_cells_in_force(cycle, grid):
    import io

    import openpyxl

    from reports.assembly import assemble_report
    from reports.excel import render_xlsx

    world = cycle.world
    governorate, sex = grid
    plain = render_xlsx(assemble_report(world.plan, year=2021, quarter=2, language="en"))
    assert "Cells by option" not in openpyxl.load_workbook(io.BytesIO(plain)).sheetnames
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    cells = _cells(
        governorate, sex,
        {("basra", "female"): {"value": D(5)}, ("baghdad", "male"): {"value": D(18)}},
    )  # fmt: skip
    entry = services.progress_save(
        indicator=indicator, period=cycle.open_period, by=world.officer_a, cells=cells
    )
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    services.progress_approve(entry=entry, by=world.head_a, expected_version=entry.version)
    report = assemble_report(world.plan, year=2021, quarter=2, language="en")
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))["Cells by option"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[3], r[4], r[5]) for r in rows] == [
        (indicator.code, "Baghdad", "Male", 18), (indicator.code, "Basra", "Female", 5),
    ]  # fmt: skip


def test_a_total_alone_cannot_overwrite_a_stored_grid(cycle, grid):
    """The quarter's workbook carries no cells yet: a total alone for an entry whose cells
    are stored is refused, so the total never disagrees with its cells."""
    world = cycle.world
    governorate, sex = grid
    indicator = _broken_down(world, world.indicator_a, governorate, sex)
    cells = _cells(governorate, sex, {("basra", "female"): {"value": D(5)}})
    save = {"indicator": indicator, "period": cycle.open_period, "by": world.officer_a}
    entry = services.progress_save(**save, cells=cells)
    with pytest.raises(ValidationError) as refused:
        services.progress_save(**save, value=D(9), expected_version=entry.version)
    assert "value" in refused.value.message_dict
    entry.refresh_from_db()
    assert entry.value == D(5)
