"""Draw the app's PNG icons (192, 512 and a maskable 512) from the same shapes as icon.svg.

Run `python scripts/make_icons.py` after changing the icon; the PNGs are committed so the
package needs no image library at run time. Drawn at four times the size and scaled down,
which smooths the edges without an SVG renderer.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = (
    Path(__file__).resolve().parents[1] / "firsttouch" / "core" / "static" / "firsttouch" / "icons"
)
ACCENT = "#7a4fa3"  # --accent in app.css (light), the icon's background
WHITE = "#ffffff"
SUPER = 4


def draw(size: int, maskable: bool) -> Image.Image:
    big = size * SUPER
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = big / 64  # icon.svg's viewBox is 64 x 64
    if maskable:
        # A maskable icon fills the square; the launcher crops it to its own shape, keeping at
        # least the centre circle of 80% (the "safe zone"), so the figure is drawn smaller.
        pen.rectangle((0, 0, big, big), fill=ACCENT)
        scale, offset = 0.7, big * 0.15
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * unit, fill=ACCENT)
        scale, offset = 1.0, 0.0

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * unit * scale, offset + y * unit * scale)

    head_r = 9 * unit * scale
    cx, cy = at(32, 26)
    pen.ellipse((cx - head_r, cy - head_r, cx + head_r, cy + head_r), fill=WHITE)
    # The shoulders: the arc from (14, 50) over (32, 36) to (50, 50), a stroke 5 units wide.
    width = round(5 * unit * scale)
    half = width / 2
    left, top = at(14, 36)
    right, bottom = at(50, 64)
    # Pillow strokes an arc inside its box: the box grows by half the width to centre it.
    pen.arc((left - half, top - half, right + half, bottom + half), 180, 360, WHITE, width)
    for x in (14, 50):  # round line caps, as stroke-linecap="round"
        ex, ey = at(x, 50)
        pen.ellipse((ex - half, ey - half, ex + half, ey + half), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ):
        draw(size, maskable).save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
