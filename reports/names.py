"""A report for a past span names units, goals, objectives and indicators as they were named
at its end, with the current name beside a name that has changed since (docs/history.md)."""

from indicators import engine
from plans.history import Kind, name_then_and_now, names_in_force, span_end_moment
from reports.selectors import Label


def use_names_in_force(tree, organisation) -> None:
    """Give the tree's items and the organisation's units the names in force at the end of
    the tree's span (1 query). Works on the in-memory copies the report is built from,
    never saved."""
    if not tree.quarters:
        return
    found = names_in_force(span_end_moment(engine.quarter_end(*tree.quarters[-1])))
    if not found:
        return

    def rename(item, kind, ar_field="title_ar", en_field="title_en") -> None:
        then = found.get((kind, item.pk))
        if then is not None:
            ar, en = name_then_and_now(then, (getattr(item, ar_field), getattr(item, en_field)))
            setattr(item, ar_field, ar)
            setattr(item, en_field, en)

    for goal in tree.goals:
        rename(goal.item, Kind.GOAL)
        for objective in goal.children:
            rename(objective.item, Kind.OBJECTIVE)
            for indicator in objective.children:
                rename(indicator.indicator, Kind.INDICATOR)
    for pk, unit in organisation.units.items():
        if (Kind.UNIT, pk) in found:
            rename(unit, Kind.UNIT, "name_ar", "name_en")
            organisation.names[pk] = Label(unit.name_ar, unit.name_en)
