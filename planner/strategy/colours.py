"""Channel colours: contrast against the page (WCAG 2.1) and how far apart two colours look
(CIEDE2000)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coloraide import Color

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


#: Two channels whose colours differ by less than this CIEDE2000 ΔE are hard to tell apart in the
#: calendar (about the difference people see at a glance between two marks side by side).
MIN_COLOUR_DIFFERENCE = 20.0


def cielab(colour: str) -> tuple[float, float, float]:
    """CIELAB (L*, a*, b*) of an sRGB colour "#rrggbb", under D65: sRGB → linear → XYZ → Lab."""
    lightness, a, b = Color(colour).convert("lab-d65").coords()
    return (lightness, a, b)


def lab_difference(first: Sequence[float], second: Sequence[float]) -> float:
    """CIEDE2000 ΔE00 between two CIELAB D65 colours (Sharma, Wu & Dalal 2005; kL = kC = kH = 1).

    ColorAide's implementation; 0 for the same colour, about 1 to 2 for a difference just seen.
    """
    return float(
        Color("lab-d65", list(first)).delta_e(Color("lab-d65", list(second)), method="2000")
    )


def colour_difference(first: str, second: str) -> float:
    """CIEDE2000 ΔE00 between two sRGB colours "#rrggbb" (100 for black against white)."""
    return lab_difference(cielab(first), cielab(second))


def too_close(first: str, second: str) -> bool:
    return colour_difference(first, second) < MIN_COLOUR_DIFFERENCE
