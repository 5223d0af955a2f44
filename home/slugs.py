"""ASCII page addresses folded from Vietnamese titles (docs/i18n.md, "Page addresses").

`Lễ khai giảng năm học 2026–2027` → `le-khai-giang-nam-hoc-2026-2027`. Unicode decomposition (NFKD)
strips the tone and vowel marks but leaves đ/Đ alone (it is a letter of its own, not d plus a mark),
so it is mapped first. The same folding is given to Wagtail's slug field in the admin as "formatters"
(regular expressions its w-slug controller applies before making the slug), so the address an editor
sees while typing the title is the one the server would make.
"""

import re
import unicodedata

from wagtail.admin.widgets import SlugInput

VIETNAMESE_LETTERS = {
    "a": "àáảãạăằắẳẵặâầấẩẫậ",
    "e": "èéẻẽẹêềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự",
    "y": "ỳýỷỹỵ",
    "d": "đ",
}
DASHES = "‐‑‒–—―−"


def ascii_slug(text, max_length=80):
    """The ASCII slug of a (Vietnamese) title: lower case, words joined by single hyphens."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = re.sub(f"[{DASHES}]", "-", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def slug_formatters():
    """w-slug formatters (pattern, replacement, flags) folding Vietnamese letters and dashes."""
    formatters = []
    for base, letters in VIETNAMESE_LETTERS.items():
        formatters.append((f"[{letters}]", base, "gu"))
        formatters.append((f"[{letters.upper()}]", base.upper(), "gu"))
    formatters.append(("[\u0300-\u036f]", "", "gu"))  # marks typed as separate combining characters
    formatters.append((f"[{DASHES}]", "-", "gu"))
    return formatters


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug input, folding Vietnamese to ASCII in the browser like `ascii_slug` does."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs=attrs, formatters=formatters or slug_formatters(), locale=locale)
