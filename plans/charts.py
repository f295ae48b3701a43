"""Charts drawn once, on the server, as SVG: the dashboard and the PDF reports show the same
picture with no JavaScript. Every chart has a title and prints its values as text, so it
reads without colour; in Arabic it runs right to left.

The drawing lives in the lowest app so that the risk pages (plans) and the dashboards and
reports (reports) share it. Its numbers are rounded as the engine's ``display`` rounds them
(half away from zero, one decimal); ``tests/reports/test_charts.py`` pins that they agree."""

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from plans.templatetags.marsad import approx


def display(value: Decimal) -> str:
    """One decimal, half away from zero: the engine's display rounding."""
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


FONT = "Noto Naskh Arabic, Noto Sans Arabic, DejaVu Sans, sans-serif"
COLOURS = {"green": "#1e7b34", "amber": "#b86e00", "red": "#b3261e", "grey": "#8a9099"}


def _percent(value: Decimal | None, suffix: str = "%") -> str:
    return "—" if value is None else f"{display(value)}{suffix}"


def _shorten(label: str, length: int) -> str:
    """A label cut to fit beside a bar (the full name is in the table below the chart), at
    the last whole word that fits, so that no word is cut in two; a first word longer than
    the room is cut only then."""
    if len(label) <= length:
        return label
    room = label[: length - 1]
    cut = room.rsplit(" ", 1)[0] if " " in room.strip() else room
    return cut.rstrip(" ،,-–") + "…"


def _direction(rtl: bool) -> str:
    """The text direction of a label: an Arabic label's trailing "…" then sits at its left
    end, where an Arabic reader's eye ends, not at the right end an LTR run would give it.
    In SVG, ``text-anchor`` follows that direction: "start" of a right-to-left label is its
    right edge, so a label with this direction is anchored "start" on either side."""
    return ' direction="rtl"' if rtl else ""


def _svg(
    width: int, height: int, title: str, body: str, rtl: bool, interactive: bool = False
) -> SafeString:
    # No direction on the drawing itself: anchors stay geometric (end = right edge), and
    # Arabic labels still read right to left inside their own runs. ``rtl`` only mirrors
    # the layout, which each chart does itself.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="{"group" if interactive else "img"}" '
        f'aria-label="{escape(title)}" '
        f'font-family="{FONT}" class="chart{" rtl" if rtl else ""}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def sparkline(
    values: list[Decimal | None],
    labels: list[str],
    *,
    title: str,
    rtl: bool,
    width: int = 180,
    height: int = 44,
    ceiling: Decimal = Decimal(100),
    suffix: str = "%",
) -> SafeString:
    """A small line of scores over quarters (oldest first in reading order), with the
    latest value written beside it; a quarter without a score leaves a gap. Scores are
    percents unless ``suffix`` says otherwise (a risk score out of 25 has none)."""
    pad_x, pad_y, text_room = 6, 6, 52
    plot_w = width - text_room - 2 * pad_x
    plot_h = height - 2 * pad_y
    count = max(len(values), 1)
    step = plot_w / max(count - 1, 1)
    top = max([ceiling, *[v for v in values if v is not None]])

    def x_of(i: int) -> float:
        x = pad_x + i * step if count > 1 else pad_x + plot_w / 2
        # Right to left: the first quarter on the right, the text on the left.
        return width - x if rtl else x + 0

    def y_of(v: Decimal) -> float:
        return pad_y + plot_h - float(max(v, Decimal(0)) / top) * plot_h

    body, run = [], []
    baseline_y = y_of(ceiling)
    x0, x1 = (text_room, width - pad_x) if rtl else (pad_x, pad_x + plot_w)
    body.append(
        f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{baseline_y:.1f}" y2="{baseline_y:.1f}" '
        'stroke="#c5ccd6" stroke-dasharray="2 2"/>'
    )
    segments = []
    for i, value in enumerate(values):
        if value is None:
            if run:
                segments.append(run)
            run = []
            continue
        run.append((x_of(i), y_of(value)))
        body.append(
            f'<circle cx="{x_of(i):.1f}" cy="{y_of(value):.1f}" r="2.2" fill="#0b5d4b">'
            f"<title>{escape(labels[i])}: {_percent(value, suffix)}</title></circle>"
        )
    if run:
        segments.append(run)
    for segment in segments:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
        body.insert(
            1, f'<polyline points="{points}" fill="none" stroke="#0b5d4b" stroke-width="1.6"/>'
        )
    last = next((v for v in reversed(values) if v is not None), None)
    text_x = 4 if rtl else width - 4
    anchor = "start" if rtl else "end"
    body.append(
        f'<text x="{text_x}" y="{height / 2 + 4:.1f}" font-size="12" text-anchor="{anchor}" '
        f'direction="ltr" fill="#1d2430">{_percent(last, suffix)}</text>'
    )
    return _svg(width, height, title, "".join(body), rtl)


def bar_chart(
    rows: list[tuple[str, Decimal | None, str]],
    *,
    title: str,
    rtl: bool,
    width: int = 640,
    bar_height: int = 22,
    label_room: int = 230,
    ceiling: Decimal = Decimal(100),
    suffix: str = "%",
) -> SafeString:
    """Horizontal bars, one per (label, score, status), with the score written at the end
    of each bar (followed by ``suffix``); a missing score is drawn as a dash."""
    gap, value_room, title_room = 6, 60, 26
    height = title_room + len(rows) * (bar_height + gap) + gap
    plot_w = width - label_room - value_room
    body = [
        f'<text x="{width - 4 if rtl else 4}" y="17" font-size="14" font-weight="bold" '
        f'text-anchor="{"end" if rtl else "start"}" fill="#1d2430">{escape(title)}</text>'
    ]
    for i, (label, value, status) in enumerate(rows):
        y = title_room + gap + i * (bar_height + gap)
        length = 0 if value is None else float(min(max(value, Decimal(0)), ceiling) / ceiling)
        bar_w = length * plot_w
        if rtl:
            label_x, label_anchor = width - 4, "start"
            bar_x = width - label_room - bar_w
            value_x, value_anchor = width - label_room - bar_w - 6, "end"
        else:
            label_x, label_anchor = 4, "start"
            bar_x = label_room
            value_x, value_anchor = label_room + bar_w + 6, "start"
        body.append(
            f'<text x="{label_x}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
            f'text-anchor="{label_anchor}"{_direction(rtl)} fill="#1d2430">'
            f"{escape(_shorten(label, 34))}</text>"
        )
        if value is not None:
            body.append(
                f'<rect x="{bar_x:.1f}" y="{y}" width="{bar_w:.1f}" height="{bar_height}" '
                f'fill="{COLOURS.get(status, COLOURS["grey"])}" rx="2"/>'
            )
        body.append(
            f'<text x="{value_x:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
            f'text-anchor="{value_anchor}" direction="ltr" fill="#1d2430">'
            f"{_percent(value, suffix)}</text>"
        )
    return _svg(width, height, title, "".join(body), rtl)


def actual_and_target(
    years: list[tuple[str, Decimal | None, Decimal | None]],
    *,
    title: str,
    rtl: bool,
    names: tuple[str, str],
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """An indicator's actual beside its target, year by year: the target an outlined bar,
    the actual a filled one, each with its figure written above it; a year without one
    leaves its bar out. ``names`` are the words for (actual, target), shown as a legend."""
    title_room, legend_room, label_room, pad, figure_room = 24, 20, 22, 8, 16
    plot_top = title_room + legend_room + figure_room  # the top bar's figure sits above it
    plot_h = height - plot_top - label_room
    values = [v for _label, actual, target in years for v in (actual, target) if v is not None]
    top = max([abs(v) for v in values], default=Decimal(1)) or Decimal(1)
    slot = (width - 2 * pad) / max(len(years), 1)
    bar = min(slot * 0.32, 46)
    body = [
        f'<text x="{width - 4 if rtl else 4}" y="16" font-size="14" font-weight="bold" '
        f'text-anchor="start"{_direction(rtl)} fill="#1d2430">'
        f"{escape(title)}</text>"
    ]
    legend = [(names[0], 'fill="#0b5d4b"'), (names[1], 'fill="#ffffff" stroke="#5b6473"')]
    for n, (name, paint) in enumerate(legend):
        x = width - 14 - n * 150 if rtl else 4 + n * 150
        text_x = x - 16 if rtl else x + 16
        body.append(
            f'<rect x="{x - 10 if rtl else x}" y="{title_room + 2}" width="10" height="10" '
            f"{paint}/>"
            f'<text x="{text_x}" y="{title_room + 11}" font-size="12" '
            f'text-anchor="start"{_direction(rtl)} fill="#1d2430">'
            f"{escape(name)}</text>"
        )
    baseline = plot_top + plot_h
    body.append(
        f'<line x1="{pad}" x2="{width - pad}" y1="{baseline}" y2="{baseline}" stroke="#c5ccd6"/>'
    )
    for i, (label, actual, target) in enumerate(years):
        position = len(years) - 1 - i if rtl else i
        centre = pad + slot * position + slot / 2
        # In reading order the actual comes first: to the right of the target in Arabic.
        order = [(actual, True), (target, False)]
        for k, (value, is_actual) in enumerate(order):
            offset = (k - 0.5) * (bar + 4) * (-1 if rtl else 1)
            x = centre + offset - bar / 2
            if value is None:
                continue
            h = float(max(value, Decimal(0)) / top) * plot_h
            paint = 'fill="#0b5d4b"' if is_actual else 'fill="#ffffff" stroke="#5b6473"'
            body.append(
                f'<rect x="{x:.1f}" y="{baseline - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f"{paint}><title>{escape(label)}: {approx(value)}</title></rect>"
                f'<text x="{x + bar / 2:.1f}" y="{baseline - h - 4:.1f}" font-size="11" '
                f'text-anchor="middle" direction="ltr" fill="#1d2430">{approx(value)}</text>'
            )
        body.append(
            f'<text x="{centre:.1f}" y="{baseline + 16}" font-size="12" text-anchor="middle" '
            f'fill="#5b6473">{escape(label)}</text>'
        )
    return _svg(width, height, title, "".join(body), rtl)


def status_strip(
    counts: dict[str, int],
    labels: dict[str, str],
    *,
    title: str,
    rtl: bool,
    width: int = 640,
    words: bool = True,
) -> SafeString:
    """One stacked bar of how many items are green, amber, red and grey (in the order of
    ``labels``, the engine's status words), each part labelled with its count and name.
    ``words=False`` leaves out the title and legend (a PDF prints them as text beside the
    chart: its SVG renderer cannot shape Arabic)."""
    order = list(labels)
    total = sum(counts.get(k, 0) for k in order) or 1
    height, bar_y, bar_h = (58, 24, 22) if words else (26, 2, 22)
    body = []
    if words:
        body.append(
            f'<text x="{width - 4 if rtl else 4}" y="16" font-size="13" font-weight="bold" '
            f'text-anchor="{"end" if rtl else "start"}" fill="#1d2430">{escape(title)}</text>'
        )
    position = 0.0
    for key in order:
        count = counts.get(key, 0)
        if not count:
            continue
        part = count / total * width
        x = width - position - part if rtl else position
        body.append(
            f'<rect x="{x:.1f}" y="{bar_y}" width="{part:.1f}" height="{bar_h}" '
            f'fill="{COLOURS[key]}"><title>{escape(labels[key])}: {count}</title></rect>'
        )
        if part > 34:
            body.append(
                f'<text x="{x + part / 2:.1f}" y="{bar_y + 15}" font-size="12" fill="#fff" '
                f'text-anchor="middle">{count}</text>'
            )
        position += part
    if words:
        legend = " · ".join(f"{labels[k]} {counts.get(k, 0)}" for k in order)
        body.append(
            f'<text x="{width - 4 if rtl else 4}" y="{height - 2}" font-size="11" '
            f'text-anchor="{"end" if rtl else "start"}" fill="#5b6473">{escape(legend)}</text>'
        )
    return _svg(width, height, title, "".join(body), rtl)


BAND_COLOURS = {"low": "#e3f4e7", "medium": "#fff0d6", "high": "#fbd3b4", "critical": "#f4b4ae"}


def heat_map(
    counts: dict[tuple[int, int], int],
    band_of,
    *,
    title: str,
    rtl: bool,
    link=None,
    cell: int = 62,
    words: bool = True,
    axis_labels: tuple[str, str] = ("", ""),
) -> SafeString:
    """The 5×5 risk matrix: likelihood across, impact up, each cell coloured by its band
    and showing how many risks sit in it; ``link(likelihood, impact)`` makes cells links."""
    margin = 34
    size = margin + 5 * cell + 6
    body = []
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            column = likelihood - 1 if not rtl else 5 - likelihood
            x = margin + column * cell
            y = 4 + (5 - impact) * cell
            count = counts.get((likelihood, impact), 0)
            band = band_of(likelihood * impact)
            rect = (
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{BAND_COLOURS[band]}" stroke="#c5ccd6"/>'
                f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 5}" font-size="16" '
                f'text-anchor="middle" fill="#1d2430">{count or ""}</text>'
                f"<title>{likelihood} × {impact} = {likelihood * impact}: {count}</title>"
            )
            if link is not None and count:
                rect = f'<a href="{escape(link(likelihood, impact))}">{rect}</a>'
            body.append(rect)
    for n in range(1, 6):
        column = n - 1 if not rtl else 5 - n
        body.append(
            f'<text x="{margin + column * cell + cell / 2 - 1}" y="{4 + 5 * cell + 16}" '
            f'font-size="12" text-anchor="middle" fill="#5b6473">{n}</text>'
            f'<text x="{margin - 10}" y="{4 + (5 - n) * cell + cell / 2 + 4}" font-size="12" '
            f'text-anchor="middle" fill="#5b6473">{n}</text>'
        )
    height = 4 + 5 * cell + 24
    if words and any(axis_labels):
        # Likelihood under the columns; impact beside the rows, turned to read upwards.
        body.append(
            f'<text x="{margin + 5 * cell / 2}" y="{height + 14}" font-size="12" '
            f'text-anchor="middle"{_direction(rtl)} fill="#1d2430">{escape(axis_labels[0])}</text>'
        )
        middle = 4 + 5 * cell / 2
        body.append(
            f'<text x="10" y="{middle}" font-size="12" text-anchor="middle"{_direction(rtl)} '
            f'transform="rotate(-90 10 {middle})" fill="#1d2430">{escape(axis_labels[1])}</text>'
        )
        height += 20
    # With links in its cells the drawing is a group of controls, not one image (an image
    # cannot hold links that a keyboard or a screen reader reaches).
    return _svg(size, height, title, "".join(body), rtl, interactive=link is not None)
