"""Downloads: safe file names for the files the pages offer."""

from __future__ import annotations

import re
import unicodedata

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def ascii_filename(name: str, fallback: str = "indicator") -> str:
    """A safe ASCII file name from a name: "Sykefravær 2014" → "sykefravaer-2014"."""
    text = unicodedata.normalize("NFKD", name.translate(_NORWEGIAN_LETTERS))
    text = text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60].strip("-")
    return slug or fallback
