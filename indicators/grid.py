"""A disaggregated indicator's grid (docs/disaggregation.md): its options along one or two
dimensions, its cells in order, and the names the entry page, the API and the quarter's
workbook give them. Plain data: built from options already read."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators import engine


@dataclass(frozen=True)
class Cell:
    key: str  # "<option id>" or "<option id>:<option id>", as ProgressEntry.cells keys it
    first: object  # DimensionOption
    second: object | None
    ratio: bool

    @property
    def slug(self) -> str:
        return self.key.replace(":", "-")

    @property
    def fields(self) -> dict[str, str]:
        """The cell's parts and their form field names."""
        parts = ("numerator", "denominator") if self.ratio else ("value",)
        return {part: f"cell-{self.slug}-{part}" for part in parts}

    @property
    def name(self) -> str:
        return self.first.name if self.second is None else f"{self.first.name} · {self.second.name}"

    def label(self, part: str) -> str:
        words = {"numerator": _("Numerator"), "denominator": _("Denominator")}
        return f"{self.name}: {words[part]}" if part in words else self.name


@dataclass
class Grid:
    first: list  # the first dimension's options, in order
    second: list  # the second's ([] for one dimension)
    rule: engine.TotalRule
    ratio: bool
    cells: list[Cell] = field(default_factory=list)

    def rows(self) -> list[tuple[object, list[Cell]]]:
        """The cells by row: one row per option of the first dimension."""
        width = len(self.second) or 1
        return [
            (option, self.cells[i * width : (i + 1) * width]) for i, option in enumerate(self.first)
        ]


def grid_of(indicator, first: list, second: list) -> Grid | None:
    """The grid of an indicator from its dimensions' options (None when it has none)."""
    if indicator.dimension_1_id is None or not first:
        return None
    ratio = indicator.measure == "ratio"
    grid = Grid(
        first=first,
        second=second,
        rule=engine.total_rule(indicator.measure, indicator.aggregation),
        ratio=ratio,
    )
    if second:
        grid.cells = [Cell(f"{a.pk}:{b.pk}", a, b, ratio) for a in first for b in second]
    else:
        grid.cells = [Cell(str(a.pk), a, None, ratio) for a in first]
    return grid


def options_by_dimension(indicators) -> dict[int, list]:
    """The options of every dimension the indicators use, in order (1 query; none when no
    indicator is broken down)."""
    from indicators.models import DimensionOption

    ids = {d for i in indicators for d in (i.dimension_1_id, i.dimension_2_id) if d}
    found: dict[int, list] = {}
    if not ids:
        return found
    for option in DimensionOption.objects.filter(dimension_id__in=ids).order_by("order", "code"):
        found.setdefault(option.dimension_id, []).append(option)
    return found


def grids_for(indicators) -> dict[int, Grid]:
    """Each disaggregated indicator's grid, by indicator id (1 query at most)."""
    options = options_by_dimension(indicators)
    grids = {}
    for indicator in indicators:
        grid = grid_of(
            indicator,
            options.get(indicator.dimension_1_id, []),
            options.get(indicator.dimension_2_id, []),
        )
        if grid is not None:
            grids[indicator.pk] = grid
    return grids
