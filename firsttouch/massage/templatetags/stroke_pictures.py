"""``stroke_picture``: a step's drawing, inlined so it takes the page's light or dark colours.

An ``<img>`` cannot see the page's CSS variables, so the SVG is written into the page: its
outline, tint, hands and arrows are classes that massage.css colours from app.css's palette,
and the arrow's gentle motion is CSS that prefers-reduced-motion turns off. The drawing is
labelled with the picture's alt text from content/pictures.toml (role="img").
"""

from __future__ import annotations

from functools import cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from firsttouch.massage.content import STROKES_DIR, library

register = template.Library()


@cache
def _drawing(name: str) -> str:
    """The SVG markup of one picture (our own files, read once per process)."""
    return (STROKES_DIR / f"{name}.svg").read_text(encoding="utf-8").strip()


@register.simple_tag
def stroke_picture(name: str, css_class: str = "") -> SafeString:
    picture = library().pictures.get(name)
    if picture is None:
        return mark_safe("")
    classes = escape(f"stroke-picture {css_class}".strip())
    label = escape(picture.alt)
    svg = _drawing(name).replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" focusable="false" data-picture="{escape(name)}" ',
        1,
    )
    svg = svg.replace('class="stroke-picture-art"', f'class="{classes}"', 1)
    # Our own drawing; the only text inserted into it is escaped above.
    return mark_safe(svg)
