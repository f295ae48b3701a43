"""History that stays true: the names units and plan items had, and when (docs/history.md).

Call ``record_name_change(obj)`` wherever a unit's, goal's, objective's or indicator's name
may change, *before* saving the new name: the admin does, and so must any service that
renames. Reports for a past span read the names in force at its end with ``names_in_force``.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, override

from plans.models import NameRecord

Kind = NameRecord.Kind

# Which models have a name history, and the fields that hold the name.
KINDS = {
    "orgunit": (Kind.UNIT, "name_ar", "name_en"),
    "goal": (Kind.GOAL, "title_ar", "title_en"),
    "objective": (Kind.OBJECTIVE, "title_ar", "title_en"),
    "indicator": (Kind.INDICATOR, "title_ar", "title_en"),
}


def record_name_change(
    obj, *, old_ar: str | None = None, old_en: str | None = None, by=None, at=None
) -> NameRecord | None:
    """Keep ``obj``'s former name when its (Arabic or English) name changes.

    Call before saving the new name: the former one is read from the database unless
    ``old_ar``/``old_en`` are given. Nothing is kept for a new object, for a model without a
    name history, or when the name did not change. The former name is in force from the
    previous change (or always) until ``at`` (now).

    Side effects: one NameRecord row (and 1–2 queries).
    """
    known = KINDS.get(obj._meta.model_name)
    if known is None or obj.pk is None:
        return None
    kind, ar_field, en_field = known
    if old_ar is None or old_en is None:
        stored = type(obj)._base_manager.filter(pk=obj.pk).values(ar_field, en_field).first()
        if stored is None:
            return None
        old_ar = stored[ar_field] if old_ar is None else old_ar
        old_en = stored[en_field] if old_en is None else old_en
    if (old_ar, old_en) == (getattr(obj, ar_field), getattr(obj, en_field)):
        return None
    at = at or timezone.now()
    previous = (
        NameRecord.objects.filter(kind=kind, object_id=obj.pk, valid_to__lte=at)
        .order_by("-valid_to")
        .values_list("valid_to", flat=True)
        .first()
    )
    return NameRecord.objects.create(
        kind=kind,
        object_id=obj.pk,
        name_ar=old_ar,
        name_en=old_en,
        valid_from=previous,
        valid_to=at,
        changed_by=by,
    )


def span_end_moment(day: datetime.date) -> datetime.datetime:
    """The end of a span's last day, as the moment names are read at."""
    following = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(following) if timezone.is_naive(following) else following


def names_in_force(at: datetime.datetime) -> dict[tuple[str, int], tuple[str, str]]:
    """{(kind, id): (name_ar, name_en)} for every object whose name at ``at`` differs from
    its current one (1 query). Objects not listed had their current name then."""
    rows = (
        NameRecord.objects.filter(valid_to__gte=at)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lt=at))
        .order_by("valid_to")
        .values_list("kind", "object_id", "name_ar", "name_en")
    )
    found = {}
    for kind, object_id, name_ar, name_en in rows:
        found.setdefault((kind, object_id), (name_ar, name_en))
    return found


def name_then_and_now(then: tuple[str, str], now: tuple[str, str]) -> tuple[str, str]:
    """The former name with the current one beside it, in Arabic and in English:
    ("الاسم القديم (حاليًا: الجديد)", "Old name (now: New name)")."""
    then_ar, then_en = then
    now_ar, now_en = now
    with override("ar"):
        arabic = gettext("%(then)s (now: %(now)s)") % {"then": then_ar, "now": now_ar}
    if (then_en or then_ar) == (now_en or now_ar):
        english = now_en
    else:
        with override("en"):
            english = gettext("%(then)s (now: %(now)s)") % {
                "then": then_en or then_ar,
                "now": now_en or now_ar,
            }
    if then_ar == now_ar:
        arabic = now_ar
    return arabic, english
