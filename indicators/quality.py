"""Data-quality checks on a quarterly value: pure functions on plain values, like the engine.

A value is flagged when it lies outside the indicator's plausible range (either bound may be
missing), or when it jumps against the previous reported value: more than ``jump_factor``
times it, or less than the previous value divided by ``jump_factor``. A previous value of
zero cannot be jumped against (no ratio to it exists), so only the range applies then. The
rules and their examples are in docs/data-quality.md.
"""

from decimal import Decimal
from enum import StrEnum


class Flag(StrEnum):
    BELOW_RANGE = "below_range"
    ABOVE_RANGE = "above_range"
    JUMP_UP = "jump_up"
    JUMP_DOWN = "jump_down"


DEFAULT_JUMP_FACTOR = Decimal(3)


def quality_flags(
    value: Decimal,
    *,
    previous: Decimal | None = None,
    plausible_min: Decimal | None = None,
    plausible_max: Decimal | None = None,
    jump_factor: Decimal = DEFAULT_JUMP_FACTOR,
) -> tuple[Flag, ...]:
    """The flags a value earns, in a fixed order (range first, then the jump); empty when
    the value looks plausible. ``jump_factor`` must be greater than 1."""
    if jump_factor <= 1:
        raise ValueError("jump_factor must be greater than 1")
    flags = []
    if plausible_min is not None and value < plausible_min:
        flags.append(Flag.BELOW_RANGE)
    if plausible_max is not None and value > plausible_max:
        flags.append(Flag.ABOVE_RANGE)
    if previous is not None and previous > 0:
        # Compared by multiplication, never by division: exact for any Decimal.
        if value > previous * jump_factor:
            flags.append(Flag.JUMP_UP)
        elif value * jump_factor < previous:
            flags.append(Flag.JUMP_DOWN)
    return tuple(flags)


def encode(flags) -> str:
    """Flags as stored on an entry: comma-separated codes ('' for none)."""
    return ",".join(str(flag) for flag in flags)


def decode(text: str) -> tuple[Flag, ...]:
    return tuple(Flag(code) for code in text.split(",") if code)
