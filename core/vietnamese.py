"""Vietnamese text normalisation shared by indexing and querying, on every search backend.

* `normalise` — NFC, one tone-mark placement (hóa/hoá, thủy/thuỷ → hóa, thủy), case kept.
* `fold` — lower case without diacritics (đ → d); one character in, one character out, so offsets
  found in folded text are valid in the normalised text (used for highlighting).
* `split_separators` — document numbers: "09/2024/TT-BGDĐT" → "09 2024 TT BGDĐT".
* `clean_query` — what a visitor typed, reduced to words: no operators, quotes or symbols reach an engine.
"""

import re
import unicodedata

# Tone marks (as combining characters after NFD). Other marks (circumflex, breve, horn) shape the vowel.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONES = f"[{TONE_MARKS}]"

# Old-style ("hóa", "khỏe", "thủy") is canonical: in an open syllable ending in oa, oe or uy the tone
# goes on the first vowel. "qu" + y keeps the mark on y (quý), and closed syllables (hoàn, thuyền) do
# not change in either style.
_END = r"(?![\w\u0300-\u036f])"
_NEW_STYLE = re.compile(rf"(?<![qQ])([oO])([aAeE])({_TONES}){_END}|(?<![qQ])([uU])([yY])({_TONES}){_END}")


def _old_style(match):
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def _precomposed(bases, marks):
    return "".join(unicodedata.normalize("NFC", base + mark) for base in bases for mark in marks)


# The same new-style syllables written precomposed (NFC): most text is already NFC and old-style, and
# then one search here replaces the decomposition and the substitution (indexing normalises every field).
_NEW_STYLE_NFC = re.compile(
    rf"(?<![qQ])[oO][{_precomposed('aAeE', TONE_MARKS)}]{_END}|(?<![qQ])[uU][{_precomposed('yY', TONE_MARKS)}]{_END}"
)


def normalise(text):
    """NFC with one tone placement; case and everything else unchanged."""
    if not text:
        return ""
    text = str(text)
    if text.isascii() or (unicodedata.is_normalized("NFC", text) and not _NEW_STYLE_NFC.search(text)):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NEW_STYLE.sub(_old_style, decomposed))


def _fold_char(char):
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    return base.lower() if len(base.lower()) == 1 else char


class _FoldTable(dict):
    """A `str.translate` table filled on first sight of each character (indexing runs fold on every text)."""

    def __missing__(self, code):
        char = chr(code)
        folded = self[code] = _fold_char(char) if code > 127 else char.lower()
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text):
    """Lower case without diacritics; len(fold(t)) == len(normalise(t))."""
    return fold_normalised(normalise(text))


def fold_normalised(text):
    """fold() of a text already normalised (one pass less)."""
    return text.translate(_FOLD_TABLE)


_SEPARATORS = re.compile(r"(?<=\w)[/\-_.:](?=\w)")


def split_separators(text):
    """Split document numbers and other joined codes on / - _ . :, e.g. "09/2024/TT-BGDĐT"."""
    return _SEPARATORS.sub(" ", text or "")


_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def clean_query(raw, max_length=200):
    """A visitor's query as plain words: normalised, separators split, symbols and operators removed."""
    text = normalise(raw or "")[: max_length * 2]
    text = split_separators(text)
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()[:max_length].strip()


def index_text(value):
    """What the database backend indexes for a text: the normalised text, then (if different) its folded
    form and its separator-split folded form, so unaccented and unseparated queries find it too."""
    text = normalise(value)
    if not text.strip():
        return text
    forms = [text]
    folded = fold_normalised(text)
    if folded != text.lower():
        forms.append(folded)
    split = split_separators(folded)
    if split != folded:
        forms.append(split)
    return "\n".join(forms)
