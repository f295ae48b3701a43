"""Each vocabulary (the words for a set of values) is written once, and where one English
word has two meanings, Arabic can say each (plans/vocabulary.py)."""

import ast
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from django.db import models
from django.utils import translation

from indicators.engine import Reason, Schedule, Status
from indicators.quality import Flag
from indicators.selectors.corrections import CORRECTED, SELF_APPROVED, UNDER_CORRECTION
from indicators.vocabulary import span_label
from plans import vocabulary
from plans.models import ReportingPeriod, Risk, StrategicPlan
from reports.assembly import Report
from reports.selectors import build_dashboard
from tests import builders

ROOT = Path(__file__).resolve().parents[2]
CODE = ("plans", "indicators", "reports", "config")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}

# Where a vocabulary's word is also, with the same meaning, the name of a model and of the
# fields that point to it: a name record's kind (plans.models.NameRecord.Kind) is the name
# of the indicators' and objectives' models.
MODEL_NAMES = {("", "indicator"), ("", "objective")}


def _key(label) -> tuple[str, str]:
    """(context, English) of a lazy translation: gettext_lazy keeps (msgid,), pgettext_lazy
    (context, msgid)."""
    args = label._args
    return ("", args[0]) if len(args) == 1 else (args[0], args[1])


def _python_messages(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        texts = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if name in GETTEXT and texts and isinstance(texts[0], str):
            yield ("", texts[0]), node.lineno
        elif name in PGETTEXT and len(texts) >= 2 and all(isinstance(t, str) for t in texts[:2]):
            yield (texts[0], texts[1]), node.lineno


TRANSLATE = re.compile(
    r"""\{%\s*trans(?:late)?\s+(["'])(?P<msgid>.*?)\1(?:\s+context\s+(["'])(?P<ctx>.*?)\3)?"""
)
UNDERSCORE = re.compile(r"""\b_\((["'])(?P<msgid>.*?)\1\)""")
BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%\}(?P<body>.*?)"
    r"\{%\s*(?:plural|endblocktrans(?:late)?)\s*%\}",
    re.DOTALL,
)
CONTEXT = re.compile(r"""\bcontext\s+(["'])(.*?)\1""")


def _template_messages(path: Path):
    text = path.read_text(encoding="utf-8")

    def line(offset):
        return text.count("\n", 0, offset) + 1

    for match in TRANSLATE.finditer(text):
        yield (match["ctx"] or "", match["msgid"]), line(match.start())
    for match in UNDERSCORE.finditer(text):
        yield ("", match["msgid"]), line(match.start())
    for match in BLOCK.finditer(text):
        body = re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", match["body"])
        if "trimmed" in match["args"]:
            body = " ".join(body.split())
        context = CONTEXT.search(match["args"])
        yield (context[2] if context else "", body), line(match.start())


def _sources() -> dict[tuple[str, str], list[tuple[str, int]]]:
    """Every translatable message in the code and the templates: (context, English) → where."""
    found = defaultdict(list)
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for key, lineno in _python_messages(path):
                found[key].append((str(path.relative_to(ROOT)), lineno))
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for key, lineno in _template_messages(path):
            found[key].append((str(path.relative_to(ROOT)), lineno))
    return found


def _choices_classes(base=models.Choices):
    for cls in base.__subclasses__():
        if cls.__module__.split(".")[0] in CODE:
            yield cls
        yield from _choices_classes(cls)


def _vocabularies() -> dict[str, tuple[str, dict]]:
    """Every vocabulary: the register (plans/vocabulary.py) and every model's TextChoices,
    name → (the file that writes its words, value → lazy words)."""
    found = {}
    for name, (home, labels) in vocabulary.vocabularies().items():
        found[name] = (home, labels)
    for cls in set(_choices_classes()):
        found[f"{cls.__module__}.{cls.__qualname__}"] = (
            cls.__module__,
            {member.value: member.label for member in cls},
        )
    return {
        name: (str(Path(sys.modules[home].__file__).relative_to(ROOT)), labels)
        for name, (home, labels) in found.items()
    }


def test_the_source_reader_finds_what_makemessages_finds():
    sources = _sources()
    # A template tag, a context, a blocktranslate and a Python call are all read.
    assert ("period action", "Open") in sources
    assert ("", "Risks to review") in sources
    assert ("", "Assessment for %(name)s") in sources
    assert ("trail action", "Reopened for correction") in sources
    assert ("", "Forecast to miss") in sources  # _("…") inside a template tag
    assert [path for path, _line in sources[("", "no data")]] == ["indicators/vocabulary.py"]


def test_each_vocabulary_word_is_written_only_where_its_vocabulary_is():
    """A template or a module that spells out a vocabulary's word (a band, a reason, a
    state…) instead of reading it from its vocabulary is a second copy that can drift."""
    sources = _sources()
    homes = defaultdict(set)
    for home, labels in _vocabularies().values():
        for label in labels.values():
            homes[_key(label)].add(home)
    copies = {
        key: [f"{path}:{lineno}" for path, lineno in sources[key] if path not in allowed]
        for key, allowed in homes.items()
        if key not in MODEL_NAMES
    }
    assert {key: where for key, where in copies.items() if where} == {}
    assert len(homes) > 90  # every vocabulary was read


def test_the_words_two_vocabularies_share_mean_the_same():
    """One English word in two vocabularies is one Arabic word: that is right only when
    the meaning is the same. Another meaning takes a pgettext context (plans/vocabulary.py)."""
    users = defaultdict(set)
    for name, (_home, labels) in _vocabularies().items():
        for label in labels.values():
            users[_key(label)].add(name)
    shared = {key: names for key, names in users.items() if len(names) > 1}
    assert shared == {
        # A ministry report's summary is a draft and is approved as an entry is (the same
        # meaning, one Arabic word).
        ("", "Draft"): {"plans.models.StrategicPlan.Status", "plans.models.ReviewStatus",
                        "review_status", "reports.models.MinistryReport.Status"},
        ("", "Submitted"): {"plans.models.ReviewStatus", "review_status"},
        ("", "Approved"): {"plans.models.ReviewStatus", "review_status",
                           "reports.models.MinistryReport.Status"},
        ("", "Returned"): {"plans.models.ReviewStatus", "review_status"},
        ("", "Closed"): {"plans.models.StrategicPlan.Status", "plans.models.ReportingPeriod.State",
                         "period_state"},
        ("", "Not yet open"): {"plans.models.ReportingPeriod.State", "period_state"},
        ("period state", "Open"): {"plans.models.ReportingPeriod.State", "period_state"},
        ("risk status", "Open"): {"plans.models.Risk.Status", "risk_status"},
        ("risk status", "Closed"): {"plans.models.Risk.Status", "risk_status"},
        ("", "Mitigated"): {"plans.models.Risk.Status", "risk_status"},
        ("", "Materialised"): {"plans.models.Risk.Status", "risk_status"},
        ("", "Done"): {"plans.models.ActivityProgress.Status", "plans.models.RiskAction.Status"},
        ("", "In progress"): {"plans.models.ActivityProgress.Status",
                              "plans.models.RiskAction.Status"},
        ("", "Cancelled"): {"plans.models.ActivityProgress.Status",
                            "plans.models.RiskAction.Status"},
        ("", "not yet due"): {"reason", "schedule"},  # nothing is asked for yet, in both
    }  # fmt: skip


def test_every_value_the_engine_computes_has_words():
    with translation.override("en"):
        assert {vocabulary.word("reason", r) for r in Reason} == {
            "no data", "not yet due", "no target", "zero target", "no baseline",
            "target equals baseline", "target behind baseline", "zero denominator",
            "negative value",
        }  # fmt: skip
        assert vocabulary.words("status") == {
            "green": "on track", "amber": "needs attention", "red": "off track",
            "grey": "not enough data",
        }  # fmt: skip
        assert list(vocabulary.words("status")) == [str(s) for s in Status]
        assert all(vocabulary.word("schedule", s) for s in Schedule)
        assert all(vocabulary.word("quality_flag", f) for f in Flag)
        assert vocabulary.word("reason", None) == "" and vocabulary.word("band", "") == ""
        assert span_label(2023, 2, [(2023, 1), (2023, 2)]) == "2023 to the end of Q2"
        assert span_label(2023, None, [(2023, 1), (2023, 2)]) == "2023, through Q2"
        assert span_label(None, None, [(2021, 1), (2023, 4)]) == "the plan so far (2021 to 2023 Q4)"
        assert span_label(2023, None, []) == "nothing is due yet"
        with translation.override("ar"):
            assert span_label(2023, 2, [(2023, 1), (2023, 2)]) == "2023 حتى نهاية الربع الثاني"
            assert span_label(None, None, [(2021, 1), (2023, 4)]) == (
                "الخطة حتى الآن (من 2021 إلى الربع الرابع 2023)"
            )
        assert [vocabulary.word("correction", c) for c in (CORRECTED, UNDER_CORRECTION)] == [
            "corrected", "under correction"
        ]  # fmt: skip
        assert vocabulary.word("correction", SELF_APPROVED) == "self-approved"
    with pytest.raises(KeyError):
        vocabulary.word("no such vocabulary", "x")


@pytest.mark.django_db
def test_every_list_of_the_dashboard_has_a_title(world):
    board = build_dashboard(
        world.plan, year=2021, quarter=1, unit=None, goal_id=None, include_submitted=False,
        today=date(2021, 6, 1),
    )  # fmt: skip
    assert list(board.attention) == list(vocabulary.words("attention"))


def test_one_band_rule_for_the_plan_and_the_report():
    plan = StrategicPlan(band_medium=4, band_high=9, band_critical=16)
    report = Report.__new__(Report)
    report.band_bounds = plan.band_bounds
    bands = [plan.band_of(score) for score in range(1, 26)]
    assert bands == [report.band_of(score) for score in range(1, 26)]
    assert bands[:3] == ["low"] * 3 and bands[3] == "medium" and bands[8] == "high"
    assert bands[15] == "critical"
    assert set(bands) == set(vocabulary.BANDS)


def test_each_meaning_of_open_and_closed_has_its_own_arabic():
    with translation.override("ar"):
        period_open = str(ReportingPeriod.State.OPEN.label)
        risk_open = str(Risk.Status.OPEN.label)
        button = translation.pgettext("period action", "Open")
        assert (period_open, risk_open, button) == ("مفتوحة", "قائم", "فتح")
        assert str(Risk.Status.CLOSED.label) == "مغلق"  # a risk is masculine
        assert str(ReportingPeriod.State.CLOSED.label) == "مغلقة"
        assert str(Risk.Kind.RISK.label) == "خطر" != translation.gettext("Risk")  # the column


@pytest.mark.django_db
def test_the_open_button_and_the_open_state_read_differently_on_the_periods_page(client_for):
    admin = builders.user("planner", role="admin", unit=builders.unit("ministry", kind="ministry"))
    plan = builders.plan()
    planned = builders.period(plan, 2021, 1, state="planned")
    builders.period(plan, 2021, 2, state="open")
    client = client_for(admin)
    client.cookies["marsad_language"] = "ar"
    html = client.get(f"/plans/{plan.pk}/periods/").content.decode()
    assert '<span class="badge">مفتوحة</span>' in html  # the 2021 Q2 period is open
    assert '<button type="submit" name="action" value="open">فتح</button>' in html
    assert '<button type="submit" name="action" value="close">إغلاق</button>' in html
    assert '<span class="badge">لم تُفتح بعد</span>' in html
    client.post(f"/plans/{plan.pk}/periods/", {"period": planned.pk, "action": "open"})
    html = client.get(f"/plans/{plan.pk}/periods/").content.decode()
    assert html.count("فُتحت") == 1  # its trail says what was done
