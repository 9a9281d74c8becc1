"""Colour contrast (WCAG 2.1) for channel colours."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
#: WCAG 1.4.11: graphical objects need 3:1 against what is next to them (the white page).
MIN_NON_TEXT_CONTRAST = 3.0


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
