"""Share cards: the 1200×630 image Facebook and Zalo show for a page that has no image of its own.

A card carries the page's title (Vietnamese diacritics need a font that has them: Noto Sans from
Debian's fonts-noto-core, else DejaVu Sans) and the school's name. It is drawn once per live title
and revision, kept in the default storage under `share-cards/`, and served at
`/share-card/<page id>/<key>.png`, where the key names that title and revision: a new revision
gives a new address, so a card never needs to be purged from a cache.
"""

import hashlib
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (11, 79, 138)  # --brand in site.css
ACCENT = (255, 214, 102)
TEXT = (255, 255, 255)
FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu")]
BOLD_FONTS = ["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"]
REGULAR_FONTS = ["NotoSans-Regular.ttf", "DejaVuSans.ttf"]


def card_key(page):
    """Names the live title and revision the card shows."""
    text = f"{page.pk}:{page.live_revision_id}:{page.title}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def card_url(page):
    return reverse("share_card", args=[page.pk, card_key(page)])


def find_font(names):
    for name in names:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                return str(folder / name)
    return None


def load_font(names, size):
    path = find_font(names)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def wrap(draw, text, font, width):
    """Lines of `text` no wider than `width` pixels, breaking between words."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def render_card(title, school_name):
    """The card as PNG bytes: the title as large as fits in five lines, the school's name below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=ACCENT)
    text_width = WIDTH - 2 * MARGIN
    for size in (72, 64, 56, 48, 42, 36):
        font = load_font(BOLD_FONTS, size)
        lines = wrap(draw, title, font, text_width)
        if len(lines) <= 5:
            break
    else:
        lines = lines[:5]
        lines[-1] = lines[-1][: max(len(lines[-1]) - 1, 0)] + "…"
    line_height = int(size * 1.3)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=TEXT)
        y += line_height
    small = load_font(REGULAR_FONTS, 36)
    draw.text((MARGIN, HEIGHT - MARGIN - 48), school_name, font=small, fill=ACCENT)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def card_file(page, school_name):
    """The stored card's name for the page's live title and revision, drawn the first time it is asked for."""
    name = f"share-cards/{page.pk}-{card_key(page)}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_card(page.title, school_name)))
    return name
