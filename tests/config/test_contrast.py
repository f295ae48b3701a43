"""Text on the site's coloured badges, states and bands is readable: every rule of the
stylesheet that sets both a background and a text colour reaches WCAG's 4.5:1 contrast for
normal text (axe-core's "color-contrast" check)."""

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "marsad.css"
HEX = r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"


def _hex(colour: str) -> str:
    colour = colour.lstrip("#")
    return colour if len(colour) == 6 else "".join(c * 2 for c in colour)


def luminance(colour: str) -> float:
    channels = [int(_hex(colour)[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _pairs(css: str) -> list[tuple[str, str, str]]:
    variables = dict(re.findall(rf"--([a-z-]+):\s*({HEX})", css))

    def resolve(value: str) -> str:
        found = re.fullmatch(r"var\(--([a-z-]+)(?:,[^)]*)?\)", value)
        return variables[found.group(1)] if found else value

    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        background = re.search(rf"background(?:-color)?:\s*({HEX}|var\([^)]*\))", body)
        text = re.search(rf"(?<![-\w])color:\s*({HEX}|var\([^)]*\))", body)
        if background and text:
            pairs.append(
                (" ".join(selector.split()), resolve(text.group(1)), resolve(background.group(1)))
            )
    return pairs


def test_the_checker_knows_a_failing_pair():
    assert round(contrast("#a66300", "#fff0d6"), 2) == 4.24  # the amber badge axe flagged
    assert round(contrast("#000", "#fff"), 1) == 21.0


def test_the_stylesheet_has_coloured_rules_to_check():
    selectors = {selector for selector, _text, _bg in _pairs(STYLESHEET.read_text())}
    assert {".status-amber", ".state-submitted", ".band-critical", ".status-grey"} <= selectors


@pytest.mark.parametrize("rule", _pairs(STYLESHEET.read_text()), ids=lambda rule: rule[0])
def test_every_coloured_rule_reads_at_four_and_a_half_to_one(rule):
    selector, text, background = rule
    assert contrast(text, background) >= 4.5, f"{selector}: {text} on {background}"
