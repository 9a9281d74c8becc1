"""The demo's channels of one municipality are easy to tell apart, and each is easy to see."""

from __future__ import annotations

import itertools

import pytest

from planner.demo.loader import load_content
from planner.strategy.colours import (
    MIN_COLOUR_DIFFERENCE,
    MIN_NON_TEXT_CONTRAST,
    WHITE,
    colour_difference,
    contrast_ratio,
)

PLANS = [plan for plan in load_content().plans if plan.channels]


def test_every_municipality_with_channels_is_checked():
    assert len(PLANS) >= 7


@pytest.mark.parametrize("plan", PLANS, ids=lambda plan: plan.slug)
def test_channel_colours_are_distinct_and_visible(plan):
    # Every demo channel is active, so every pair counts.
    for first, second in itertools.combinations(plan.channels, 2):
        difference = colour_difference(first.colour, second.colour)
        assert difference >= MIN_COLOUR_DIFFERENCE, (
            f"{plan.slug}: {first.name} {first.colour} and {second.name} {second.colour} "
            f"differ by ΔE00 {difference:.1f}, less than {MIN_COLOUR_DIFFERENCE}"
        )
    for channel in plan.channels:
        ratio = contrast_ratio(channel.colour, WHITE)
        assert ratio >= MIN_NON_TEXT_CONTRAST, f"{plan.slug}: {channel.name} {ratio:.2f}:1"
