"""Layout checks axe does not make: WCAG 2.1 1.4.10 Reflow (with 1.4.4 and 1.4.12) and clipping.

- Reflow: at 320 CSS px wide the document never scrolls sideways, also with text at 200 % (the
  root font size doubled, which every rem- and em-based size follows) and with the text spacing
  of success criterion 1.4.12 (line height 1.5, paragraph spacing 2 em, letter spacing 0.12 em,
  word spacing 0.16 em). A wide table may scroll inside its own container; the page may not.
- Clipping: at 1440 px no part of a table or of a calendar item is cut off by a container that
  hides its overflow, no such text is cut short with an ellipsis, and no table needs to scroll
  inside its region (its last columns would be out of sight).

Each check names the elements that stick out, so a failure says where to look.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1440, "height": 900}

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
LARGE_TEXT_CSS = "html { font-size: 200% !important; }"

#: The document's width beyond the viewport, and the outermost elements that reach past it
#: without a scrolling container of their own between them and the page.
_SIDEWAYS_JS = """
() => {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const width = Math.max(root.scrollWidth, document.body.scrollWidth);
  if (width <= viewport) return {width, viewport, culprits: []};
  const scrolls = el => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow !== "visible" && overflow !== "clip") return true;
    }
    return false;
  };
  const describe = el => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (el.classList.length) text += "." + [...el.classList].join(".");
    const words = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${text} (right edge ${Math.round(el.getBoundingClientRect().right)} px) "${words}"`;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > viewport + 1 && !scrolls(el)
      && getComputedStyle(el).position !== "fixed";
  });
  // The innermost ones say most: drop an element when one of its descendants is listed too.
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return {width, viewport, culprits: innermost.slice(0, 5).map(describe)};
}
"""

#: Parts of tables and calendar items cut off by an ancestor that hides overflow, or cut short
#: with an ellipsis, and tables whose scrolling region has to scroll.
_CLIPPED_JS = """
() => {
  const found = [];
  const parts = document.querySelectorAll(
    "table th, table td, table th *, table td *, .calendar-item, .calendar-item *");
  for (const el of parts) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1) {
      found.push(el);
      continue;
    }
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === "visible") continue;
      const outer = node.getBoundingClientRect();
      const scrollable = overflow === "auto" || overflow === "scroll";
      if (!scrollable && (box.right > outer.right + 1 || box.left < outer.left - 1)) found.push(el);
      break;
    }
  }
  // A table that needs its scrolling region even on a wide screen hides its last columns.
  for (const table of document.querySelectorAll("table")) {
    for (let node = table.parentElement; node && node !== document.body;
         node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === "visible") continue;
      if (node.scrollWidth > node.clientWidth + 1) found.push(table);
      break;
    }
  }
  return found.slice(0, 5).map(el => {
    const words = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${words}"`;
  });
}
"""


@dataclass(frozen=True)
class Sideways:
    """How far a page scrolls sideways in one condition, and what sticks out."""

    condition: str
    width: int
    viewport: int
    culprits: list[str]

    def __str__(self) -> str:
        culprits = "; ".join(self.culprits) or "no single element found"
        return (
            f"scrolls sideways at {self.viewport} px ({self.condition}): "
            f"{self.width} px wide — {culprits}"
        )


#: Constructed style sheets are CSSOM, which the site's Content Security Policy allows (an
#: inline <style> would be blocked, as it should be).
_ADOPT_JS = """
css => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
"""
_DROP_JS = "() => { document.adoptedStyleSheets = document.adoptedStyleSheets.slice(0, -1); }"


def _with_style(page: Page, css: str | None) -> dict:
    if css is None:
        return page.evaluate(_SIDEWAYS_JS)
    page.evaluate(_ADOPT_JS, css)
    try:
        return page.evaluate(_SIDEWAYS_JS)
    finally:
        page.evaluate(_DROP_JS)


def sideways_at_320(page: Page) -> list[Sideways]:
    """The conditions in which the page, at 320 px wide, scrolls sideways (empty when none)."""
    page.set_viewport_size(NARROW)
    found = []
    for condition, css in (
        ("as shown", None),
        ("text at 200 %", LARGE_TEXT_CSS),
        ("WCAG 1.4.12 text spacing", TEXT_SPACING_CSS),
    ):
        measured = _with_style(page, css)
        if measured["width"] > measured["viewport"]:
            found.append(Sideways(condition, **measured))
    return found


def clipped_at_1440(page: Page) -> list[str]:
    """Parts of tables and calendar items cut off at 1440 px wide (empty when none)."""
    page.set_viewport_size(WIDE)
    return page.evaluate(_CLIPPED_JS)


def layout_problems(page: Page, restore: dict) -> list[str]:
    """Reflow at 320 px and clipping at 1440 px, as problems; the viewport is restored."""
    try:
        problems = [str(sideways) for sideways in sideways_at_320(page)]
        clipped = clipped_at_1440(page)
        if clipped:
            problems.append("cut off at 1440 px: " + "; ".join(clipped))
        return problems
    finally:
        page.set_viewport_size(restore)
