"""In-app notices: written beside the workflow's emails, counted by the bell in the header,
listed on the notices page with links to act on, and marked read by their user only."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators import services
from plans.models import Notice
from plans.services.notices import notice_add

pytestmark = pytest.mark.django_db


def bell(html: str) -> str:
    start = html.index('id="bell"')
    return html[start : html.index("</a>", start)]


def test_submit_return_and_reopen_leave_notices(cycle, django_capture_on_commit_callbacks):
    world = cycle.world
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.progress_save(
            indicator=world.indicator_a, period=cycle.open_period, by=world.officer_a, value=D(3)
        )
        entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    head = Notice.objects.get(user=world.head_a)
    assert head.kind == "submitted" and "G1.1.1" in head.about
    assert head.link == reverse("review", args=[cycle.open_period.pk])
    world.head_a.email = ""  # a head without an address still gets the in-app notice
    world.head_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.progress_return(
            entry=entry, by=world.head_a, expected_version=entry.version, comment="Check it"
        )
    returned = Notice.objects.get(user=world.officer_a)
    assert returned.kind == "returned"
    assert returned.link.startswith(reverse("entry", args=[cycle.open_period.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.progress_submit(
            entry=entry, by=world.officer_a, expected_version=entry.version
        )
        entry = services.progress_approve(
            entry=entry, by=world.head_a, expected_version=entry.version
        )
        services.progress_reopen(
            entry=entry, by=world.head_a, expected_version=entry.version, comment="Fix"
        )
    kinds = list(Notice.objects.filter(user=world.officer_a).values_list("kind", flat=True))
    assert kinds == ["reopened", "returned"]
    assert not Notice.objects.filter(user=world.head_b).exists()


def test_the_bell_counts_unread_and_the_page_marks_read(world, client_for):
    notice_add(users=[world.officer_a], kind="late_granted", about="2021 Q1", link="/plans/")
    notice_add(users=[world.officer_a], kind="period_opened", about="2021 Q2")
    notice_add(users=[world.officer_b], kind="submitted", about="theirs")
    client = client_for(world.officer_a)
    client.cookies["marsad_language"] = "en"
    html = client.get(reverse("plan_list")).content.decode()
    assert '<span class="count">2</span>' in bell(html)
    page = client.get(reverse("notices")).content.decode()
    assert "Your late-entry request was granted" in page and "theirs" not in page
    mine = Notice.objects.get(user=world.officer_a, kind="late_granted")
    response = client.post(reverse("notices"), {"read": mine.pk})
    assert response.status_code == 302 and response["Location"] == "/plans/"
    html = client.get(reverse("plan_list")).content.decode()
    assert '<span class="count">1</span>' in bell(html)
    theirs = Notice.objects.get(user=world.officer_b)
    assert client.post(reverse("notices"), {"read": theirs.pk}).status_code == 404
    assert Notice.objects.get(pk=theirs.pk).read_at is None
    assert client.post(reverse("notices"), {"read": "x"}).status_code == 400
    client.post(reverse("notices"), {"all": "1"})
    assert not Notice.objects.filter(user=world.officer_a, read_at=None).exists()
    html = client.get(reverse("plan_list")).content.decode()
    assert 'class="count"' not in bell(html)


def test_a_link_elsewhere_is_not_followed(world, client_for):
    notice_add(users=[world.officer_a], kind="submitted", link="https://evil.example/")
    client = client_for(world.officer_a)
    notice = Notice.objects.get()
    response = client.post(reverse("notices"), {"read": notice.pk})
    assert response["Location"] == reverse("notices")


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(reverse("notices"))
    assert response.status_code in (302, 404)


def test_a_notice_is_told_in_the_readers_language_and_links_to_a_path(
    cycle, client_for, django_capture_on_commit_callbacks
):
    """What caused a notice was done in one language; it is read in another: its period
    and unit are named when shown, and its link is a path the notices page follows."""
    from django.utils import translation

    from plans.models import Narrative
    from plans.services.narratives import narrative_save, narrative_submit

    world = cycle.world
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        narrative = narrative_save(
            period=cycle.open_period, objective=world.objective, by=world.officer_a,
            texts={"achievements_ar": "أنجزنا"},
        )  # fmt: skip
        narrative_submit(narrative=narrative, by=world.officer_a, expected_version=1)
    notice = Notice.objects.get(user=world.head_a)
    assert notice.link == reverse("review", args=[cycle.open_period.pk])
    assert notice.about == world.objective.code
    client = client_for(world.head_a)
    client.cookies["marsad_language"] = "ar"
    page = client.get(reverse("notices")).content.decode()
    assert "الربع الثاني 2021" in page and "Q2" not in page
    response = client.post(reverse("notices"), {"read": notice.pk})
    assert response.status_code == 302 and response["Location"] == notice.link
    assert Narrative.objects.get().status == "submitted"


def test_a_late_submission_is_told_to_the_planning_admins_who_approve_it(
    cycle, django_capture_on_commit_callbacks
):
    """A head cannot approve a value sent late into a closed period (plans.workflow): the
    notice goes to the planning admins, and not to the head."""
    world = cycle.world
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.progress_save(
            indicator=world.indicator_a, period=cycle.closed_period, by=world.admin,
            value=D(3), late_reason="the survey came late",
        )  # fmt: skip
        services.progress_submit(
            entry=entry, by=world.admin, expected_version=1, late_reason="the survey came late"
        )
    assert list(Notice.objects.values_list("user__username", "kind")) == [("admin", "submitted")]
