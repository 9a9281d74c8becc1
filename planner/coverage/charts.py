"""Geometry of the trend chart: publications per ISO week per channel, as numbers for inline SVG.

Pure functions, no drawing library and no JavaScript, like the results sparkline
(planner/results/charts.py): the template draws lines and markers from these coordinates. Each
channel gets its own colour (its own, from the strategy) and also its own marker shape and dash
pattern, so the lines are told apart without colour too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planner.results.charts import svg_number

WIDTH = 720
HEIGHT = 280
LEFT = 44
RIGHT = 16
TOP = 14
BOTTOM = 36
#: At most this many week labels on the x axis; the others are left out (the table has them all).
MAX_X_LABELS = 14
MARKER_RADIUS = 5
#: Marker shapes, in the order channels get them; after these the hollow versions follow.
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "hexagon")
#: stroke-dasharray per channel, in order: solid, dashed, dotted, dash-dot, long dash, dense dots.
DASHES = ("", "8 4", "2 4", "10 4 2 4", "14 5", "1 3")


@dataclass(frozen=True)
class Marker:
    shape: str
    hollow: bool
    dash: str

    def path(self, x: float, y: float, r: float = MARKER_RADIUS) -> str:
        """The SVG path of the marker centred on (x, y)."""
        return marker_path(self.shape, x, y, r)


def marker_for(index: int) -> Marker:
    """The marker and dash pattern of the index-th channel: no two of the first 12 are alike."""
    shape = SHAPES[index % len(SHAPES)]
    hollow = (index // len(SHAPES)) % 2 == 1
    return Marker(shape, hollow, DASHES[index % len(DASHES)])


def marker_path(shape: str, x: float, y: float, r: float) -> str:
    def point(px: float, py: float) -> str:
        return f"{svg_number(px)},{svg_number(py)}"

    if shape == "circle":
        return (
            f"M{point(x - r, y)}a{svg_number(r)},{svg_number(r)} 0 1,0 {svg_number(2 * r)},0"
            f"a{svg_number(r)},{svg_number(r)} 0 1,0 {svg_number(-2 * r)},0Z"
        )
    if shape == "square":
        s = r * 0.85
        corners = [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)]
    elif shape == "triangle":
        corners = [(x, y - r * 1.1), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    elif shape == "triangle-down":
        corners = [(x, y + r * 1.1), (x + r, y - r * 0.8), (x - r, y - r * 0.8)]
    elif shape == "diamond":
        corners = [(x, y - r * 1.2), (x + r, y), (x, y + r * 1.2), (x - r, y)]
    else:  # hexagon
        corners = [
            (x + r * math.cos(math.radians(a)), y + r * math.sin(math.radians(a)))
            for a in range(0, 360, 60)
        ]
    return "M" + "L".join(point(px, py) for px, py in corners) + "Z"


@dataclass(frozen=True)
class Tick:
    position: float
    value: int


@dataclass(frozen=True)
class WeekTick:
    position: float
    monday: date

    @property
    def week(self) -> int:
        return self.monday.isocalendar().week


@dataclass(frozen=True)
class Line:
    #: What the line is of (a channel), for the template.
    key: object
    counts: tuple[int, ...]
    points: tuple[tuple[float, float], ...]
    marker: Marker

    @property
    def polyline(self) -> str:
        return " ".join(f"{svg_number(x)},{svg_number(y)}" for x, y in self.points)


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    weeks: tuple[date, ...]
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[WeekTick, ...]
    y_max: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return self.width - RIGHT

    @property
    def top(self) -> int:
        return TOP

    @property
    def bottom(self) -> int:
        return self.height - BOTTOM

    @property
    def highest(self) -> int:
        return max((max(line.counts, default=0) for line in self.lines), default=0)


def nice_step(top: int, ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50, …) giving at most `ticks` intervals up to `top`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            candidate = step * factor
            if math.ceil(top / candidate) <= ticks:
                return candidate
        step *= 10


def trend_chart(
    weeks: Sequence[date],
    series: Sequence[tuple[object, Sequence[int]]],
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> TrendChart:
    """Lay out one line per series (key, count per week) over the weeks (their Mondays)."""
    weeks = tuple(weeks)
    highest = max((max(counts, default=0) for _key, counts in series), default=0)
    step = nice_step(max(highest, 1))
    y_max = step * math.ceil(max(highest, 1) / step)
    inner_width = width - LEFT - RIGHT
    inner_height = height - TOP - BOTTOM

    def x_of(index: int) -> float:
        if len(weeks) <= 1:
            return LEFT + inner_width / 2
        return round(LEFT + index * inner_width / (len(weeks) - 1), 2)

    def y_of(value: int) -> float:
        return round(TOP + (y_max - value) / y_max * inner_height, 2)

    lines = tuple(
        Line(
            key,
            tuple(counts),
            tuple((x_of(i), y_of(count)) for i, count in enumerate(counts)),
            marker_for(n),
        )
        for n, (key, counts) in enumerate(series)
    )
    every = max(1, math.ceil(len(weeks) / MAX_X_LABELS))
    x_ticks = tuple(WeekTick(x_of(i), monday) for i, monday in enumerate(weeks) if i % every == 0)
    y_ticks = tuple(Tick(y_of(value), value) for value in range(0, y_max + 1, step))
    return TrendChart(width, height, weeks, lines, y_ticks, x_ticks, y_max)
