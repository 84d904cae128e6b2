"""Draw the stroke pictures (firsttouch/massage/static/massage/strokes/*.svg).

Each picture is a few hand-placed shapes in one line style: a baby outline (on the back, on the
tummy, or a close-up of the face, a foot or a hand), the touched region tinted, the parent's
hands as simple mittens, and accent arrows for the stroke's path. Colours are classes the page's
CSS sets from its light/dark variables; the presentation attributes are the fallback when a file
is opened on its own. No ids inside a picture, so a page can show the same one twice.

Run: python3 scripts/draw_stroke_pictures.py   (rewrites every file; alt texts live in
firsttouch/content/pictures.toml, which names the same pictures).
"""

from __future__ import annotations

import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "firsttouch/massage/static/massage/strokes"
Pt = tuple[float, float]


def capsules(parts: list[tuple[list[Pt], float]]) -> str:
    """Limbs as outlined capsules: every outline first, then every fill, so joins merge."""
    out, fill = [], []
    for pts, w in parts:
        d = "M " + " L ".join(f"{x:g} {y:g}" for x, y in pts)
        out.append(f'<path d="{d}" stroke-width="{w + 4:g}"/>')
        fill.append(f'<path d="{d}" stroke-width="{w:g}"/>')
    return (
        '<g class="outline" stroke="currentColor" fill="none" stroke-linecap="round" '
        'stroke-linejoin="round">' + "".join(out) + "</g>"
        '<g class="skin" stroke="#fff" fill="none" stroke-linecap="round" '
        'stroke-linejoin="round">' + "".join(fill) + "</g>"
    )


BODY_PARTS: list[tuple[list[Pt], float]] = [
    ([(100, 34), (100, 34)], 40),  # head
    ([(100, 64), (100, 116)], 48),  # torso
    ([(82, 66), (60, 92), (54, 118)], 13),  # baby's right arm (viewer's left)
    ([(118, 66), (140, 92), (146, 118)], 13),  # baby's left arm
    ([(91, 128), (85, 160), (83, 190)], 16),  # baby's right leg
    ([(109, 128), (115, 160), (117, 190)], 16),  # baby's left leg
]
FEATURE = (
    'class="feature" stroke="currentColor" fill="none" stroke-width="2" stroke-linecap="round"'
)


def body_back() -> str:
    face = (
        f'<g {FEATURE}><path d="M 91 32 q 3 3 6 0"/><path d="M 103 32 q 3 3 6 0"/>'
        '<path d="M 95 42 q 5 4 10 0"/><circle cx="100" cy="94" r="1.5"/></g>'
    )
    return capsules(BODY_PARTS) + face


def body_tummy() -> str:
    back = (
        f'<g {FEATURE}><path d="M 88 22 q 6 -6 12 -3 M 100 19 q 6 -2 11 3"/>'
        '<path d="M 100 62 L 100 118" stroke-dasharray="2 5"/>'
        '<path d="M 92 132 q 8 6 16 0"/></g>'
    )
    return capsules(BODY_PARTS) + back


def face_closeup() -> str:
    parts: list[tuple[list[Pt], float]] = [
        ([(30, 104), (30, 104)], 22),
        ([(170, 104), (170, 104)], 22),
        ([(100, 104), (100, 104)], 136),
    ]
    return capsules(parts) + (
        f'<g {FEATURE}><path d="M 64 38 q 10 -10 22 -6 M 92 32 q 12 -6 22 2"/>'
        '<path d="M 66 102 q 9 7 18 0"/><path d="M 116 102 q 9 7 18 0"/>'
        '<path d="M 97 108 q -2 14 -4 18 q 7 4 14 0"/>'
        '<path d="M 88 150 q 12 8 24 0"/></g>'
        '<g class="feature brow" stroke="currentColor" fill="none" stroke-width="1.5" '
        'stroke-linecap="round" opacity=".6"><path d="M 62 86 q 12 -7 26 -2"/>'
        '<path d="M 112 84 q 14 -5 26 2"/></g>'
    )


def foot_closeup() -> str:
    parts: list[tuple[list[Pt], float]] = [
        ([(100, 178), (100, 150), (104, 100), (104, 78)], 58),
        ([(126, 44), (126, 44)], 22),
        ([(104, 36), (104, 36)], 15),
        ([(88, 40), (88, 40)], 13),
        ([(75, 48), (75, 48)], 11),
        ([(66, 60), (66, 60)], 10),
    ]
    return capsules(parts)


def hand_closeup() -> str:
    parts: list[tuple[list[Pt], float]] = [
        ([(100, 150), (100, 196)], 36),
        ([(100, 112), (100, 140)], 56),
        ([(80, 96), (76, 58)], 13),
        ([(95, 92), (95, 46)], 13),
        ([(109, 92), (111, 48)], 13),
        ([(122, 98), (127, 64)], 12),
        ([(74, 128), (52, 104)], 14),
    ]
    return capsules(parts) + (f'<g {FEATURE}><path d="M 84 160 q 16 4 32 0"/></g>')


def tummy_closeup() -> str:
    """The torso from above, big enough for the I Love You shapes; ribs at the top."""
    parts: list[tuple[list[Pt], float]] = [
        ([(100, 2), (100, 2)], 40),
        ([(36, 40), (20, 96)], 20),
        ([(164, 40), (180, 96)], 20),
        ([(80, 190), (74, 206)], 30),
        ([(120, 190), (126, 206)], 30),
        ([(100, 50), (100, 160)], 120),
    ]
    return (
        capsules(parts)
        + region('<rect x="50" y="48" width="100" height="124" rx="24"/>')
        + f'<g {FEATURE}><path d="M 62 40 Q 100 24 138 40"/>'
        '<circle cx="100" cy="118" r="2.5"/></g>'
    )


def region(shape: str) -> str:
    return f'<g class="region" fill="#7a4fa3" opacity=".18">{shape}</g>'


def hand(x: float, y: float, angle: float = 0, s: float = 1) -> str:
    """A parent's hand as a mitten, fingers pointing `angle` degrees clockwise from up."""
    return (
        f'<g class="hand" transform="translate({x:g} {y:g}) rotate({angle:g}) scale({s:g})" '
        'fill="#fff" stroke="currentColor" stroke-width="2" stroke-linejoin="round">'
        '<path d="M -9 12 L -9 -6 Q -9 -16 0 -16 Q 9 -16 9 -6 L 9 12 Z"/>'
        '<path d="M -9 4 Q -17 0 -16 -8 Q -13 -11 -9 -5"/></g>'
    )


def thumb(x: float, y: float, angle: float = 0) -> str:
    """A parent's thumb tip (for face and foot strokes)."""
    return (
        f'<g class="hand" transform="translate({x:g} {y:g}) rotate({angle:g})" fill="#fff" '
        'stroke="currentColor" stroke-width="2"><path d="M -6 14 L -6 -3 Q -6 -9 0 -9 '
        'Q 6 -9 6 -3 L 6 14"/></g>'
    )


def arrow(d: str, end: Pt, before: Pt) -> str:
    """A stroke's path and its arrowhead at `end`, pointing away from `before`."""
    ang = math.atan2(end[1] - before[1], end[0] - before[0])
    heads = []
    for side in (-1, 1):
        a = ang + math.pi - side * math.radians(30)
        heads.append(f"{end[0] + 9 * math.cos(a):.1f} {end[1] + 9 * math.sin(a):.1f}")
    head = f"M {heads[0]} L {end[0]:g} {end[1]:g} L {heads[1]}"
    return (
        f'<path class="arrow" d="{d}" fill="none" stroke="#7a4fa3" stroke-width="3.5" '
        'stroke-linecap="round"/>'
        f'<path class="arrow-head" d="{head}" fill="none" stroke="#7a4fa3" stroke-width="3.5" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def line_arrow(a: Pt, b: Pt) -> str:
    return arrow(f"M {a[0]:g} {a[1]:g} L {b[0]:g} {b[1]:g}", b, a)


def still_marks(x: float, y: float) -> str:
    """Short arcs round a resting hand: warmth, not movement."""
    return (
        f'<g class="arrow-still" stroke="#7a4fa3" stroke-width="2.5" fill="none" '
        f'stroke-linecap="round"><path d="M {x - 20:g} {y - 8:g} q -5 8 0 16"/>'
        f'<path d="M {x + 20:g} {y - 8:g} q 5 8 0 16"/></g>'
    )


TUMMY = '<ellipse cx="100" cy="100" rx="22" ry="18"/>'
CHEST = '<ellipse cx="100" cy="72" rx="24" ry="12"/>'
BACK = '<rect x="78" y="56" width="44" height="66" rx="16"/>'
LEGS = '<path d="M 78 130 L 94 130 L 92 196 L 74 196 Z M 106 130 L 122 130 L 126 196 L 108 196 Z"/>'
ARMS = '<path d="M 74 62 L 86 70 L 62 120 L 46 116 Z M 126 62 L 114 70 L 138 120 L 154 116 Z"/>'
FOREHEAD = '<ellipse cx="100" cy="66" rx="46" ry="18"/>'

PICTURES: dict[str, str] = {
    "rest-hands": body_back()
    + region('<rect x="74" y="50" width="52" height="74" rx="18"/>')
    + hand(88, 78, -10)
    + hand(112, 104, 10)
    + still_marks(100, 90),
    "chest-still-hand": body_back() + region(CHEST) + hand(100, 76) + still_marks(100, 76),
    "tummy-clockwise": tummy_closeup()
    + hand(100, 122, 0, 1.1)
    + arrow("M 62 132 A 42 42 0 1 1 138 132", (138, 132), (143, 120)),
    "tummy-i-love-you": tummy_closeup()
    + arrow("M 114 88 L 114 160", (114, 160), (114, 150))
    + arrow("M 74 72 L 130 72 L 130 160", (130, 160), (130, 150))
    + arrow("M 58 160 L 58 56 L 146 56 L 146 160", (146, 160), (146, 150))
    + '<g class="label" fill="currentColor" font-size="14" font-family="sans-serif" '
    'font-weight="700" text-anchor="middle"><text x="114" y="182">I</text>'
    '<text x="130" y="182">L</text><text x="146" y="182">U</text></g>',
    "tummy-water-wheel": tummy_closeup()
    + hand(100, 62, 90, 1.2)
    + line_arrow((100, 84), (100, 150))
    + line_arrow((70, 84), (70, 140))
    + line_arrow((130, 84), (130, 140)),
    "chest-open-book": body_back()
    + region(CHEST)
    + hand(92, 76, -20, 0.75)
    + hand(108, 76, 20, 0.75)
    + line_arrow((88, 66), (66, 66))
    + line_arrow((112, 66), (134, 66)),
    "chest-heart": body_back()
    + region(CHEST)
    + hand(100, 72, 0, 0.7)
    + arrow("M 98 62 C 70 46 60 82 98 100", (98, 100), (80, 92))
    + arrow("M 102 62 C 130 46 140 82 102 100", (102, 100), (120, 92)),
    "chest-butterfly": body_back()
    + region(CHEST)
    + line_arrow((80, 92), (114, 60))
    + line_arrow((120, 92), (86, 60))
    + hand(78, 100, 40, 0.7),
    "arms-shoulder-to-hand": body_back()
    + region(ARMS)
    + hand(52, 124, 180, 0.7)
    + line_arrow((76, 62), (58, 104))
    + line_arrow((124, 62), (142, 104)),
    "arm-bend-right": body_back()
    + region('<path d="M 74 62 L 86 70 L 62 120 L 46 116 Z"/>')
    + hand(56, 120, 180, 0.7)
    + arrow("M 38 118 Q 30 90 52 78", (52, 78), (38, 88))
    + arrow("M 66 80 Q 52 84 46 104", (46, 104), (50, 94)),
    "arm-bend-left": body_back()
    + region('<path d="M 126 62 L 114 70 L 138 120 L 154 116 Z"/>')
    + hand(144, 120, 180, 0.7)
    + arrow("M 162 118 Q 170 90 148 78", (148, 78), (162, 88))
    + arrow("M 134 80 Q 148 84 154 104", (154, 104), (150, 94)),
    "hands-open-fist": hand_closeup()
    + thumb(100, 132)
    + line_arrow((100, 112), (100, 80))
    + arrow("M 66 176 A 40 12 0 0 0 134 176", (134, 176), (126, 182)),
    "legs-hip-to-foot-hold": body_back()
    + region(LEGS)
    + hand(84, 196, 180, 0.7)
    + hand(116, 134, 0, 0.7)
    + line_arrow((134, 130), (134, 188)),
    "legs-hip-to-foot": body_back()
    + region(LEGS)
    + hand(86, 138, 180, 0.7)
    + line_arrow((68, 130), (66, 188))
    + line_arrow((132, 130), (134, 188)),
    "legs-roll": body_back()
    + region(LEGS)
    + hand(70, 170, 90, 0.7)
    + hand(100, 170, -90, 0.7)
    + arrow("M 64 148 q 20 -10 40 0", (104, 148), (96, 142))
    + arrow("M 104 156 q -20 10 -40 0", (64, 156), (72, 162)),
    "legs-squeeze-twist": body_back()
    + region(LEGS)
    + hand(74, 144, 90, 0.7)
    + hand(98, 152, -90, 0.7)
    + arrow("M 70 128 q 16 -8 30 0", (100, 128), (92, 124))
    + line_arrow((60, 156), (62, 190)),
    "legs-knees-to-tummy": body_back()
    + region(LEGS)
    + hand(84, 158, 0, 0.65)
    + hand(116, 158, 0, 0.65)
    + line_arrow((66, 176), (66, 134))
    + line_arrow((134, 176), (134, 134)),
    "legs-bicycling": body_back()
    + region(LEGS)
    + line_arrow((66, 184), (66, 140))
    + line_arrow((134, 140), (134, 184))
    + hand(84, 164, 0, 0.6)
    + hand(116, 164, 0, 0.6),
    "leg-bend-right": body_back()
    + region('<path d="M 78 130 L 94 130 L 92 196 L 74 196 Z"/>')
    + hand(84, 158, 0, 0.65)
    + arrow("M 64 184 L 64 140", (64, 140), (64, 150))
    + arrow("M 52 140 L 52 184", (52, 184), (52, 174)),
    "leg-bend-left": body_back()
    + region('<path d="M 106 130 L 122 130 L 126 196 L 108 196 Z"/>')
    + hand(116, 158, 0, 0.65)
    + arrow("M 136 184 L 136 140", (136, 140), (136, 150))
    + arrow("M 148 140 L 148 184", (148, 184), (148, 174)),
    "feet-ankle-circles": body_back()
    + region('<circle cx="83" cy="180" r="12"/><circle cx="117" cy="180" r="12"/>')
    + arrow("M 66 180 A 16 16 0 1 1 83 196", (83, 196), (73, 193))
    + arrow("M 134 180 A 16 16 0 1 1 117 196", (117, 196), (127, 193)),
    "feet-sole-thumbs": foot_closeup()
    + thumb(88, 160)
    + thumb(114, 150)
    + line_arrow((88, 146), (90, 80))
    + line_arrow((114, 136), (116, 76)),
    "feet-each-toe": foot_closeup()
    + thumb(126, 60, 0)
    + line_arrow((140, 40), (150, 14))
    + '<g class="arrow-still" stroke="#7a4fa3" stroke-width="2.5" fill="none" '
    'stroke-dasharray="2 6" stroke-linecap="round"><path d="M 106 20 L 108 8 M 88 24 L 86 12 '
    'M 72 32 L 66 22"/></g>',
    "face-forehead-out": face_closeup()
    + region(FOREHEAD)
    + thumb(92, 70, -90)
    + thumb(108, 70, 90)
    + line_arrow((86, 58), (58, 72))
    + line_arrow((114, 58), (142, 72)),
    "face-eyebrows": face_closeup()
    + region('<ellipse cx="75" cy="84" rx="18" ry="8"/><ellipse cx="125" cy="84" rx="18" ry="8"/>')
    + line_arrow((92, 76), (64, 76))
    + line_arrow((108, 76), (136, 76)),
    "face-forehead-eyebrows": face_closeup()
    + region(FOREHEAD)
    + line_arrow((90, 56), (62, 64))
    + line_arrow((110, 56), (138, 64))
    + line_arrow((90, 78), (62, 78))
    + line_arrow((110, 78), (138, 78)),
    "face-nose-cheeks": face_closeup()
    + region('<ellipse cx="100" cy="116" rx="40" ry="16"/>')
    + arrow("M 92 98 L 90 118 Q 80 124 64 124", (64, 124), (74, 125))
    + arrow("M 108 98 L 110 118 Q 120 124 136 124", (136, 124), (126, 125)),
    "face-smile": face_closeup()
    + region('<ellipse cx="100" cy="150" rx="30" ry="16"/>')
    + arrow("M 98 140 Q 84 142 74 132", (74, 132), (80, 138))
    + arrow("M 102 140 Q 116 142 126 132", (126, 132), (120, 138))
    + arrow("M 98 164 Q 84 166 74 156", (74, 156), (80, 162))
    + arrow("M 102 164 Q 116 166 126 156", (126, 156), (120, 162)),
    "face-jaw-circles": face_closeup()
    + region('<path d="M 52 138 Q 100 196 148 138 L 140 130 Q 100 180 60 130 Z"/>')
    + arrow(
        "M 88 170 a 6 6 0 1 1 -4 -8 M 70 158 a 6 6 0 1 1 -4 -8 M 56 140 a 6 6 0 1 1 -2 -10",
        (40, 112),
        (50, 128),
    )
    + arrow(
        "M 112 170 a 6 6 0 1 0 4 -8 M 130 158 a 6 6 0 1 0 4 -8 M 144 140 a 6 6 0 1 0 2 -10",
        (160, 112),
        (150, 128),
    ),
    "back-long-sweep": body_tummy()
    + region(BACK + LEGS)
    + hand(100, 60, 180, 0.7)
    + arrow("M 128 60 L 128 124 L 132 192", (132, 192), (130, 170)),
    "back-back-and-forth": body_tummy()
    + region(BACK)
    + hand(90, 78, 90, 0.7)
    + hand(110, 104, -90, 0.7)
    + line_arrow((80, 66), (124, 66))
    + line_arrow((120, 92), (76, 92))
    + line_arrow((144, 62), (144, 120)),
    "back-combing": body_tummy()
    + region(BACK)
    + '<g class="hand" fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round"><path d="M 84 52 L 84 60 M 92 50 L 92 60 M 100 50 L 100 60 '
    'M 108 50 L 108 60 M 116 52 L 116 60"/></g>'
    + line_arrow((86, 66), (86, 116))
    + line_arrow((114, 66), (114, 116)),
    "back-beside-spine": body_tummy()
    + region(BACK)
    + hand(100, 48, 180, 0.6)
    + line_arrow((88, 64), (88, 124))
    + line_arrow((112, 64), (112, 124)),
    "back-neck-shoulders": body_tummy()
    + region('<ellipse cx="100" cy="62" rx="30" ry="10"/>')
    + line_arrow((96, 56), (72, 66))
    + line_arrow((104, 56), (128, 66)),
    "back-arms": body_tummy()
    + region(ARMS)
    + line_arrow((76, 62), (58, 104))
    + line_arrow((124, 62), (142, 104)),
    "back-legs": body_tummy()
    + region(LEGS)
    + line_arrow((68, 130), (66, 188))
    + line_arrow((132, 130), (134, 188)),
    "back-head-face": body_tummy()
    + region('<circle cx="100" cy="34" r="20"/>')
    + arrow("M 128 14 Q 134 34 122 52", (122, 52), (128, 44))
    + hand(100, 30, 0, 0.6),
    "back-still-hand": body_tummy() + region(BACK) + hand(100, 84) + still_marks(100, 84),
}


def write_all() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, inner in PICTURES.items():
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 206" '
            f'class="stroke-picture-art">{inner}</svg>\n'
        )
        (OUT / f"{name}.svg").write_text(svg)


if __name__ == "__main__":
    write_all()
