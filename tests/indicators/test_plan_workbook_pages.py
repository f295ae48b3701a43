"""The plan workbook's pages in the plan builder: the download, the empty template and the
import (upload → preview → confirm) are the planning admin's alone; the preview writes
nothing and keeps the file on the server under the uploader's own token; confirming
imports it; problems are listed with their cells."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from indicators.models import Target, TargetRevision
from indicators.plan_workbook.export import export_plan
from plans.models import Goal, Membership
from plans.workbooks import XLSX_TYPE
from tests import builders
from tests.builder_pages import PERSONAS, persona

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _urls(world):
    return {
        "download": reverse("builder_plan_workbook", args=[world.plan.pk]),
        "template": reverse("builder_plan_template"),
        "import": reverse("builder_plan_import"),
        "import into": reverse("builder_plan_import_into", args=[world.plan.pk]),
    }


@pytest.mark.parametrize("page", ["download", "template", "import", "import into"])
@pytest.mark.parametrize(("name", "expected"), PERSONAS)
def test_the_workbook_pages_are_the_planning_admins(world, client_for, page, name, expected):
    response = client_for(persona(world, name)).get(_urls(world)[page])
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "expected"), [p for p in PERSONAS if p[0] != "admin"])
def test_nobody_else_can_post_a_workbook(world, client_for, tmp_path, name, expected):
    data = _edited(world)
    response = client_for(persona(world, name)).post(
        _urls(world)["import into"], {"action": "preview", "workbook": _file(data)}
    )
    assert response.status_code == expected
    assert not Goal.objects.filter(code="G2").exists()
    assert not (tmp_path / "plan-imports").exists()


def test_the_download_is_the_plan_as_a_workbook_in_the_page_language(world, client_for):
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "en"
    response = client.get(_urls(world)["download"])
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{world.plan.code}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Goals"]["A2"].value == "G1"
    template = load_workbook(io.BytesIO(client.get(_urls(world)["template"]).content))
    assert template["Goals"].max_row == 1


def _exported(world, language="en") -> bytes:
    with translation.override(language):
        return export_plan(world.plan)


def _file(data: bytes, name="plan.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_TYPE)


def _edited(world) -> bytes:
    """The plan's workbook with a new goal and a yearly target changed."""
    builders.target(world.indicator_a, 2021, 100)
    workbook = load_workbook(io.BytesIO(_exported(world)))
    workbook["Goals"].append(["G2", "هدف ثانٍ"])
    workbook["Yearly targets"]["C2"] = 150
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _english(client):
    client.cookies["marsad_language"] = "en"
    return client


def test_upload_preview_then_confirm_imports_the_workbook(world, client_for, tmp_path):
    client = _english(client_for(world.admin))
    url = _urls(world)["import into"]
    data = _edited(world)
    response = client.post(url, {"action": "preview", "workbook": _file(data, "targets 2021.xlsx")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "What importing “targets 2021.xlsx” will do" in page
    token = response.context["token"]
    outcomes = {o.key: o for o in response.context["result"].outcomes}
    assert outcomes["goals"].created == ["G2"]
    assert outcomes["yearly_targets"].changed == [
        (f"{world.indicator_a.code} · 2021", ["100 → 150"])
    ]
    assert not Goal.objects.filter(plan=world.plan, code="G2").exists()  # a preview writes nothing
    assert len(list((tmp_path / "plan-imports" / str(world.admin.pk)).iterdir())) == 2

    response = client.post(url, {"action": "confirm", "token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("builder_tree", args=[world.plan.pk])
    assert Goal.objects.filter(plan=world.plan, code="G2").exists()
    target = Target.objects.get(indicator=world.indicator_a, year=2021, quarter=None)
    assert target.value == 150
    assert TargetRevision.objects.filter(target=target).latest("id").reason == (
        "import targets 2021.xlsx"
    )
    assert list((tmp_path / "plan-imports" / str(world.admin.pk)).iterdir()) == []
    # The token is spent: confirming again imports nothing and says so.
    response = client.post(url, {"action": "confirm", "token": token}, follow=True)
    assert "no longer kept" in response.content.decode()


def test_a_token_is_the_uploaders_own(world, client_for):
    other = builders.user("admin2", Membership.Role.PLANNING_ADMIN, world.ministry)
    client = _english(client_for(world.admin))
    url = _urls(world)["import into"]
    token = client.post(url, {"action": "preview", "workbook": _file(_edited(world))}).context[
        "token"
    ]
    client = _english(client_for(other))
    for forged in (token, "../" + token, "x" * 32, ""):
        response = client.post(url, {"action": "confirm", "token": forged}, follow=True)
        assert response.status_code == 200
        assert "no longer kept" in response.content.decode()
    assert not Goal.objects.filter(code="G2").exists()


def test_a_token_is_for_the_plan_it_was_previewed_for(world, client_for):
    client = _english(client_for(world.admin))
    token = client.post(
        _urls(world)["import into"], {"action": "preview", "workbook": _file(_edited(world))}
    ).context["token"]
    response = client.post(
        _urls(world)["import"], {"action": "confirm", "token": token}, follow=True
    )
    assert "no longer kept" in response.content.decode()
    assert not Goal.objects.filter(code="G2").exists()


def test_cancel_forgets_the_upload(world, client_for, tmp_path):
    client = _english(client_for(world.admin))
    url = _urls(world)["import into"]
    token = client.post(url, {"action": "preview", "workbook": _file(_edited(world))}).context[
        "token"
    ]
    response = client.post(url, {"action": "cancel", "token": token})
    assert response.status_code == 302
    assert list((tmp_path / "plan-imports" / str(world.admin.pk)).iterdir()) == []
    assert not Goal.objects.filter(code="G2").exists()


def test_problems_are_listed_with_their_cells_and_nothing_is_kept(world, client_for, tmp_path):
    workbook = load_workbook(io.BytesIO(_exported(world)))
    workbook["Goals"]["B2"] = None
    workbook["Indicators"]["F3"] = "Furlongs"
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = _english(client_for(world.admin))
    response = client.post(
        _urls(world)["import into"], {"action": "preview", "workbook": _file(buffer.getvalue())}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“plan.xlsx” was not imported: 2 problems. Nothing was changed." in page
    assert [(p.sheet, p.cell) for p in response.context["problems"]] == [
        ("Goals", "B2"),
        ("Indicators", "F3"),
    ]
    assert "This cell is required." in page
    assert "token" not in response.context
    assert not (tmp_path / "plan-imports").exists()


def test_a_file_that_is_not_a_workbook_gets_its_message(world, client_for):
    client = _english(client_for(world.admin))
    response = client.post(
        _urls(world)["import"], {"action": "preview", "workbook": _file(b"%PDF-1.7", "a.pdf")}
    )
    assert response.status_code == 200
    assert "is not an Excel workbook" in response.content.decode()


def test_the_page_speaks_arabic(world, client_for):
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "ar"
    response = client.get(_urls(world)["import into"])
    page = response.content.decode()
    assert "استيراد خطة من Excel" in page and "فحص المصنف" in page


def test_an_unknown_action_is_bad_input(world, client_for):
    response = client_for(world.admin).post(_urls(world)["import"], {"action": "explode"})
    assert response.status_code == 400
