"""Reading the number and symbol of a Vietnamese document (số ký hiệu).

The forms in use (Decree 30/2020/NĐ-CP, Appendix I, and the Party's rules for its own documents):

    09/2024/TT-BGDĐT      legal document: number / year / type code - issuer code
    43/2019/QH14          law of the National Assembly: number / year / issuer, no type code
    141/KH-BGDĐT          administrative document: number / type code - issuer code
    5711/SGDĐT-KTKĐ       official letter (công văn): number / issuer code - drafting unit, no type code
    29-NQ/TW              Party document: number - type code / issuer code
    KH-THPTL              unnumbered (a plan before it is numbered): type code - issuer code

`parse_document_number()` is forgiving about spaces, dashes and a leading "Số:", normalises to NFC and
returns the parts; anything else raises `DocumentNumberError` with a message an editor can act on.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Type codes and the document type (a `policies.models.DocumentType` value) each one implies.
TYPE_CODES = {
    "NĐ": "nghi-dinh",
    "NQ": "nghi-quyet",
    "TT": "thong-tu",
    "TTLT": "thong-tu",
    "QĐ": "quyet-dinh",
    "CT": "chi-thi",
    "KH": "ke-hoach",
    "CV": "cong-van",
    "TB": "thong-bao",
    "HD": "huong-dan",
    "BC": "bao-cao",
    "QC": "quy-che",
}
# Other type codes of Decree 30/2020 and the Party's rules: recognised as types, filed under "other".
OTHER_TYPE_CODES = {
    "QyĐ", "TC", "CTr", "PA", "ĐA", "DA", "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP",
    "PG", "PC", "PB", "KL", "PL", "LĐ", "TTg", "L",
}  # fmt: skip

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
SLASHES = "\u2044\u2215\uff0f"
NUMBER = r"\d{1,6}"
YEAR = r"\d{4}"
CODE = r"[^\W\d_][^\W_]*"
CODES = rf"{CODE}(?:-{CODE})*"
FORMS = [
    ("legal", re.compile(rf"(?P<number>{NUMBER})/(?P<year>{YEAR})/(?P<codes>{CODES})")),
    ("party", re.compile(rf"(?P<number>{NUMBER})-(?P<type>{CODE})/(?P<issuer>{CODES})")),
    ("administrative", re.compile(rf"(?P<number>{NUMBER})/(?P<codes>{CODES})")),
    ("unnumbered", re.compile(rf"/?(?P<type>{CODE})-(?P<issuer>{CODES})")),
]
MIN_YEAR, MAX_YEAR = 1945, 2100
EXAMPLES = "09/2024/TT-BGDĐT, 141/KH-BGDĐT, 5711/SGDĐT-KTKĐ, 29-NQ/TW"


class DocumentNumberError(ValueError):
    """A number and symbol that cannot be read; `str(error)` says why, in the user's language."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(message)

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class DocumentNumber:
    number: int | None
    year: int | None
    type_code: str
    issuer_code: str
    normalised: str
    unit_code: str = ""

    @property
    def implied_type(self):
        """The document type (a `DocumentType` value) the type code stands for, or None."""
        if self.type_code in TYPE_CODES:
            return TYPE_CODES[self.type_code]
        if self.type_code in OTHER_TYPE_CODES:
            return "khac"
        return None


def normalise(text):
    """NFC, one kind of dash and slash, no spaces around them, no "Số:" prefix."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")  # the Icelandic eth, a common look-alike of Đ
    text = re.sub(f"[{DASHES}]", "-", text)
    text = re.sub(f"[{SLASHES}]", "/", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^s[ốo](?:\s*k[ýy]\s*hi[ệe]u)?(?:\s*[:.]\s*|\s+)", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s*([/-])\s*", r"\1", text)


def is_type_code(code):
    return code in TYPE_CODES or code in OTHER_TYPE_CODES


def check_code(code, value):
    if code[0].isdigit() or not code[0].isupper():
        raise DocumentNumberError(
            _("“%(value)s”: the code “%(code)s” must start with a capital letter, e.g. %(examples)s."),
            value=value,
            code=code,
            examples=EXAMPLES,
        )


def parse_document_number(text):
    """The parts of a số ký hiệu; raises DocumentNumberError when it cannot be read."""
    value = normalise(text)
    if not value:
        raise DocumentNumberError(_("Enter the document number (số ký hiệu), e.g. %(examples)s."), examples=EXAMPLES)
    form, match = next(((form, match) for form, pattern in FORMS if (match := pattern.fullmatch(value))), (None, None))
    if match is None:
        if re.fullmatch(rf"{NUMBER}/\d{{1,3}}/{CODES}", value) or re.fullmatch(rf"{NUMBER}/\d{{5,}}/{CODES}", value):
            raise DocumentNumberError(
                _("“%(value)s”: the year must have four digits, e.g. 09/2024/TT-BGDĐT."), value=value
            )
        raise DocumentNumberError(
            _("“%(value)s” is not a document number. Write it as printed on the document, e.g. %(examples)s."),
            value=value,
            examples=EXAMPLES,
        )

    parts = match.groupdict()
    number = int(parts["number"]) if parts.get("number") else None
    if number == 0:
        raise DocumentNumberError(_("“%(value)s”: the number cannot be zero."), value=value)
    year = int(parts["year"]) if parts.get("year") else None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise DocumentNumberError(
            _("“%(value)s”: %(year)s is not a plausible year of issue."), value=value, year=parts["year"]
        )

    unit_code = ""
    if form in ("legal", "administrative"):
        codes = parts["codes"].split("-")
        if form == "legal" and len(codes) == 1 and not is_type_code(codes[0]):
            type_code, issuer_code = "", codes[0]  # a law: 43/2019/QH14
        elif form == "legal" or is_type_code(codes[0]):
            type_code, issuer_code = codes[0], "-".join(codes[1:])
        else:  # an official letter: issuer, then the drafting unit
            type_code, issuer_code, unit_code = "", codes[0], "-".join(codes[1:])
    else:
        type_code, issuer_code = parts["type"], parts["issuer"]
        if form == "unnumbered" and not is_type_code(type_code):
            raise DocumentNumberError(
                _("“%(value)s” has no number and “%(code)s” is not a document type code such as KH, QĐ or TB."),
                value=value,
                code=type_code,
            )
        value = value.lstrip("/")

    if not issuer_code:
        raise DocumentNumberError(
            _("“%(value)s” does not name the issuing body after the type code, e.g. 141/KH-BGDĐT."), value=value
        )
    for code in [type_code, *issuer_code.split("-"), *unit_code.split("-")]:
        if code:
            check_code(code, value)
    return DocumentNumber(number, year, type_code, issuer_code, value, unit_code)
