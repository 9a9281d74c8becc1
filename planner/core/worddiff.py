"""Word-by-word differences between two texts: what was kept, added and removed, in reading order.

Used by a post's revision history and by the audit log, which show added words underlined
(`<ins>`) and removed ones struck through (`<del>`), each with words for screen readers.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: A run of white space, or a word with the punctuation around it.
_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    #: "same", "added" or "removed"
    change: str
    text: str


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    """The words of two texts marked as kept, added or removed, in reading order."""
    old, new = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(Piece("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("added", "".join(new[b1:b2])))
    return tuple(pieces)
