"""LIX readability (Björnsson): words per sentence plus the share of long words, with bands.

The same rules run in the browser (static/js/posts.js) so the score updates while writing. A
post is scored on its title and its text (`post_readability`), in the editor and on the post
page alike, as the editor's script scores the title and the template's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

#: A long word has more than six letters.
LONG_WORD_LETTERS = 6
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n\s*\n")
_MARKDOWN_MARKUP = re.compile(r"[#>*_`\[\]()]|^\s*[-+]\s+|^\s*\d+\.\s+", re.MULTILINE)

#: (score below which the band applies, its label); the common Swedish/Norwegian bands.
BANDS: tuple[tuple[float, LazyString], ...] = (
    (25, _l("Very easy")),
    (35, _l("Easy")),
    (45, _l("Medium")),
    (55, _l("Hard")),
    (float("inf"), _l("Very hard")),
)


@dataclass(frozen=True)
class Readability:
    score: int
    band: LazyString
    words: int
    sentences: int
    long_words: int
    #: The longest sentences with their word counts, longest first.
    longest: tuple[tuple[str, int], ...]


def sentences_of(text: str) -> list[str]:
    plain = _MARKDOWN_MARKUP.sub(" ", text or "")
    return [s.strip() for s in _SENTENCE_END.split(plain) if _WORD.search(s or "")]


def readability(text: str, *, longest: int = 3) -> Readability | None:
    """The LIX of a text, or None when there are no words to score."""
    sentences = sentences_of(text)
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return None
    long_words = sum(1 for w in words if len(w) > LONG_WORD_LETTERS)
    score = round(len(words) / len(sentences) + 100 * long_words / len(words))
    band = next(label for limit, label in BANDS if score < limit)
    ranked = sorted(
        ((s, len(_WORD.findall(s))) for s in sentences), key=lambda pair: pair[1], reverse=True
    )
    return Readability(score, band, len(words), len(sentences), long_words, tuple(ranked[:longest]))


def post_readability(title: str, body: str) -> Readability | None:
    """The LIX of a post as the editor shows it: its title and its text, as paragraphs."""
    return readability("\n\n".join(part for part in (title or "", body or "") if part))
