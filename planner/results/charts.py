"""Sparkline geometry for an indicator: pure functions, no drawing library, no JavaScript.

The template draws the result as inline SVG (see templates/results/_macros.html); everything here
is plain numbers in a fixed viewBox, so the chart can be tested against hand-computed points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: The viewBox of a sparkline: wide and low, and a margin so dots and lines are not clipped.
WIDTH = 320
HEIGHT = 80
PADDING = 8


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    on: date
    value: Decimal


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: tuple[ChartPoint, ...]
    #: Where the horizontal reference lines go, if the indicator has a baseline or a target.
    baseline_y: float | None = None
    target_y: float | None = None

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def polyline(self) -> str:
        """The points as the `points` attribute of an SVG polyline."""
        return " ".join(f"{svg_number(p.x)},{svg_number(p.y)}" for p in self.points)

    @property
    def last(self) -> ChartPoint:
        return self.points[-1]


def svg_number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: 8, 40.5, 12.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def sparkline(
    series: Sequence[tuple[date, Decimal]],
    *,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
    padding: int = PADDING,
) -> Sparkline | None:
    """Scale (date, value) pairs into the viewBox; None when there is nothing to draw.

    x follows the dates (the first at the left padding, the last at the right), y the values,
    inverted because SVG counts downwards. The value range includes the baseline and the target,
    so their reference lines stay inside the chart. One date draws in the middle; equal values
    draw on the middle line.
    """
    if not series:
        return None
    ordered = sorted(series, key=lambda pair: pair[0])
    first_day, last_day = ordered[0][0], ordered[-1][0]
    span_days = (last_day - first_day).days
    values = [Decimal(value) for _on, value in ordered]
    references = [Decimal(v) for v in (baseline, target) if v is not None]
    low, high = min(values + references), max(values + references)
    inner_width = Decimal(width - 2 * padding)
    inner_height = Decimal(height - 2 * padding)

    def x_of(on: date) -> float:
        if span_days == 0:
            return width / 2
        return _round(padding + Decimal((on - first_day).days) / span_days * inner_width)

    def y_of(value: Decimal) -> float:
        if high == low:
            return height / 2
        return _round(padding + (high - Decimal(value)) / (high - low) * inner_height)

    points = tuple(
        ChartPoint(x=x_of(on), y=y_of(value), on=on, value=Decimal(value)) for on, value in ordered
    )
    return Sparkline(
        width=width,
        height=height,
        points=points,
        baseline_y=y_of(baseline) if baseline is not None else None,
        target_y=y_of(target) if target is not None else None,
    )


def _round(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))
