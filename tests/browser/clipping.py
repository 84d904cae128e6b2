"""Find text a visitor cannot read because its box cuts it off (issue 12).

``clipped_text(page)`` returns one line per problem on the page as it is now:

- an element with text whose overflow is hidden or clipped while its content is wider or
  taller than its box (scrollWidth > clientWidth or scrollHeight > clientHeight);
- text that runs out of its card (a ``.card`` or a bordered ``fieldset``) sideways;
- a bordered fieldset whose legend sits on the top border rather than inside the box;
- the page itself scrolling sideways.

Visually hidden helpers (1x1 px, for screen readers) and hidden elements are skipped.
"""

from __future__ import annotations

from playwright.sync_api import Page

DESKTOP = {"width": 1280, "height": 800}

_SCRIPT = r"""
() => {
  const found = [];
  const tolerance = 1;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    else if (el.className && typeof el.className === "string") {
      s += "." + el.className.trim().split(/\s+/).join(".");
    }
    return s;
  };
  const text = (el) =>
    (el.innerText || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) return false;  /* visually hidden helpers */
    const st = getComputedStyle(el);
    return st.visibility !== "hidden" && st.display !== "none" && el.getClientRects().length > 0;
  };
  const hasOwnText = (el) => Array.from(el.childNodes).some(
    (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  for (const el of document.querySelectorAll("body *")) {
    if (!shown(el) || !text(el)) continue;
    if (el.closest("[hidden], dialog:not([open]), script, style, svg, select, textarea")) continue;
    const st = getComputedStyle(el);
    const clipsX = ["hidden", "clip"].includes(st.overflowX);
    const clipsY = ["hidden", "clip"].includes(st.overflowY);
    if ((clipsX && el.scrollWidth > el.clientWidth + tolerance) ||
        (clipsY && el.scrollHeight > el.clientHeight + tolerance)) {
      found.push(`${name(el)} cuts off its text: "${text(el)}"`);
    }
  }
  const boxes = document.querySelectorAll(".card, fieldset");
  for (const box of boxes) {
    if (!shown(box)) continue;
    const bs = getComputedStyle(box);
    if (parseFloat(bs.borderLeftWidth) === 0 && !box.classList.contains("card")) continue;
    const outer = box.getBoundingClientRect();
    for (const el of box.querySelectorAll("*")) {
      if (!hasOwnText(el) || !shown(el)) continue;
      if (el.closest("[hidden], dialog:not([open])")) continue;
      const r = el.getBoundingClientRect();
      if (r.right > outer.right + tolerance || r.left < outer.left - tolerance) {
        found.push(`${name(el)} runs out of ${name(box)}: "${text(el)}"`);
      }
    }
    const legend = box.tagName === "FIELDSET" ? box.querySelector(":scope > legend") : null;
    if (legend && shown(legend) && parseFloat(bs.borderTopWidth) > 0 &&
        bs.borderTopStyle !== "none" && getComputedStyle(legend).float === "none") {
      found.push(`${name(legend)} sits on the border of ${name(box)}: "${text(legend)}"`);
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + tolerance) {
    found.push(`the page scrolls sideways (${root.scrollWidth}px in ${root.clientWidth}px)`);
  }
  return found;
}
"""


def clipped_text(page: Page) -> list[str]:
    """Every piece of text on the page that its box cuts off, prefixed with the page's path."""
    path = page.url.split("//", 1)[-1].split("/", 1)[-1]
    return [f"/{path} [{page.viewport_size}]: {line}" for line in page.evaluate(_SCRIPT)]
