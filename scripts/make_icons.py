"""Draws the site's emblem (favicon and touch icons) into site_lak/static/icons/; run once, files committed.

The emblem: a blue disc (the site's --brand colour) with a white open book and a gold star above it.
`python scripts/make_icons.py` rewrites the PNG and ICO files; favicon.svg is the same drawing by hand.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "site_lak" / "static" / "icons"
BRAND, GOLD, WHITE = (11, 79, 138), (255, 214, 102), (255, 255, 255)


def emblem(size, padded=False):
    scale = 4  # drawn large, then reduced, for smooth edges
    s = size * scale
    image = Image.new("RGBA", (s, s), BRAND if padded else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if not padded:
        draw.ellipse((0, 0, s - 1, s - 1), fill=BRAND)

    def p(x, y):  # coordinates on a 64-unit grid
        return (x * s / 64, y * s / 64)

    # The star: five points around (32, 17).
    star = [
        (32, 7),
        (34.9, 14),
        (42.5, 14.5),
        (36.7, 19.3),
        (38.5, 26.5),
        (32, 22.5),
        (25.5, 26.5),
        (27.3, 19.3),
        (21.5, 14.5),
        (29.1, 14),
    ]
    draw.polygon([p(x, y) for x, y in star], fill=GOLD)
    # The open book: two pages meeting at the spine.
    draw.polygon([p(x, y) for x, y in [(12, 31), (31, 35), (31, 54), (12, 50)]], fill=WHITE)
    draw.polygon([p(x, y) for x, y in [(52, 31), (33, 35), (33, 54), (52, 50)]], fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    emblem(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    emblem(180, padded=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    emblem(192).save(OUT / "icon-192.png", optimize=True)
    emblem(512).save(OUT / "icon-512.png", optimize=True)


if __name__ == "__main__":
    main()
