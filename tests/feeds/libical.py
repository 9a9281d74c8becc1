"""Debian's libical (what Evolution and GNOME Calendar read feeds with), through ctypes: parse a
feed and run libical's restriction checks (RFC 5545, and iTIP's for the METHOD it names)."""

from __future__ import annotations

import ctypes
import ctypes.util

_NAME = ctypes.util.find_library("ical") or "libical.so.3"
try:
    _lib = ctypes.CDLL(_NAME)
except OSError as error:  # pragma: no cover - the setup step installs it
    raise RuntimeError(
        f"libical is missing ({error}); install Debian's libical3 (scripts/require-libical.sh)"
    ) from None

_lib.icalparser_parse_string.restype = ctypes.c_void_p
_lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
_lib.icalrestriction_check.restype = ctypes.c_int
_lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
_lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
_lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
_lib.icalcomponent_free.argtypes = [ctypes.c_void_p]


def libical_errors(data: bytes) -> list[str]:
    """The X-LIC-ERROR lines libical adds when it parses and checks the calendar."""
    component = _lib.icalparser_parse_string(data)
    if not component:
        return ["libical could not parse the calendar at all"]
    try:
        _lib.icalrestriction_check(component)
        text = _lib.icalcomponent_as_ical_string(component).decode("utf-8", "replace")
    finally:
        _lib.icalcomponent_free(component)
    unfolded = text.replace("\r\n ", "").replace("\n ", "")
    return [line for line in unfolded.splitlines() if line.startswith("X-LIC-ERROR")]
