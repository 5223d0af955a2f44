"""A legal document's metadata: its vocabulary, reading its number and symbol, and checking it is consistent.

The number and symbol (số ký hiệu) in the forms in use (Decree 30/2020/NĐ-CP, Appendix I, and the Party's
rules for its own documents):

    09/2024/TT-BGDĐT      legal document: number / year / type code - issuer code
    43/2019/QH14          law of the National Assembly: number / year / issuer, no type code
    141/KH-BGDĐT          administrative document: number / type code - issuer code
    5711/SGDĐT-KTKĐ       official letter (công văn): number / issuer code - drafting unit, no type code
    29-NQ/TW              Party document: number - type code / issuer code
    KH-THPTL              unnumbered (a plan before it is numbered): type code - issuer code

`parse_document_number()` is forgiving about spaces, dashes and a leading "Số:", normalises to NFC and
returns the parts; anything else raises `DocumentNumberError` with a message an editor can act on.
`document_errors()` reports metadata that contradicts itself (number vs year of issue vs type, the order of
the dates), for the admin form and the archive import alike (`metadata_from_record()`).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from core.archive.records import ArchiveRecordError, archive_date, missing

# --- vocabulary ---------------------------------------------------------------------------------------------


class DocumentType(models.TextChoices):
    """Loại văn bản. The stored keys are the Vietnamese names without diacritics."""

    LAW = "luat", _("Law")
    DECREE = "nghi-dinh", _("Decree")
    RESOLUTION = "nghi-quyet", _("Resolution")
    CIRCULAR = "thong-tu", _("Circular")
    DECISION = "quyet-dinh", _("Decision")
    DIRECTIVE = "chi-thi", _("Directive")
    PLAN = "ke-hoach", _("Plan")
    OFFICIAL_LETTER = "cong-van", _("Official letter")
    NOTICE = "thong-bao", _("Notice")
    GUIDANCE = "huong-dan", _("Guidance")
    REPORT = "bao-cao", _("Report")
    REGULATION = "quy-che", _("Regulation")
    OTHER = "khac", _("Other")


# The proper Vietnamese names of the document types, as archive records and legacy data write them.
VIETNAMESE_TYPE_NAMES = {
    "luật": DocumentType.LAW,
    "nghị định": DocumentType.DECREE,
    "nghị quyết": DocumentType.RESOLUTION,
    "thông tư": DocumentType.CIRCULAR,
    "thông tư liên tịch": DocumentType.CIRCULAR,
    "quyết định": DocumentType.DECISION,
    "chỉ thị": DocumentType.DIRECTIVE,
    "kế hoạch": DocumentType.PLAN,
    "công văn": DocumentType.OFFICIAL_LETTER,
    "thông báo": DocumentType.NOTICE,
    "hướng dẫn": DocumentType.GUIDANCE,
    "báo cáo": DocumentType.REPORT,
    "quy chế": DocumentType.REGULATION,
    "khác": DocumentType.OTHER,
}


class PolicyField(models.TextChoices):
    """Lĩnh vực: the area of school life a document governs."""

    ADMISSIONS = "tuyen-sinh-thi", _("Admissions and exams")
    TEACHING = "chuong-trinh-day-hoc", _("Curriculum and teaching")
    STUDENTS = "hoc-sinh", _("Students")
    STAFF = "nha-giao", _("Teachers and staff")
    FINANCE = "tai-chinh", _("Finance and fees")
    ADMINISTRATION = "to-chuc-hanh-chinh", _("Organisation and administration")
    COMMUNICATION = "truyen-thong", _("Communication and transparency")
    OTHER = "khac", _("Other")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in-force", _("In force")
    NOT_YET = "not-yet-in-force", _("Not yet in force")
    EXPIRED = "expired", _("No longer in force")


def _key(text):
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def choice_from_text(choices, text, extra_names=None):
    """The choice value for a stored key, an English label, a label in Vietnamese, or an extra name."""
    names = {_key(name): value for name, value in (extra_names or {}).items()}
    for value, label in choices.choices:
        names[_key(value)] = value
        names[_key(gettext(label))] = value
        for language in ("en", "vi"):
            with override(language):
                names[_key(gettext(label))] = value
    return names.get(_key(text))


# --- the number and symbol ----------------------------------------------------------------------------------

# Type codes and the document type each one implies.
TYPE_CODES = {
    "NĐ": DocumentType.DECREE,
    "NQ": DocumentType.RESOLUTION,
    "TT": DocumentType.CIRCULAR,
    "TTLT": DocumentType.CIRCULAR,
    "QĐ": DocumentType.DECISION,
    "CT": DocumentType.DIRECTIVE,
    "KH": DocumentType.PLAN,
    "CV": DocumentType.OFFICIAL_LETTER,
    "TB": DocumentType.NOTICE,
    "HD": DocumentType.GUIDANCE,
    "BC": DocumentType.REPORT,
    "QC": DocumentType.REGULATION,
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
# A legal document's number whose year is not four digits: worth its own message.
BAD_YEAR = re.compile(rf"{NUMBER}/(?:\d{{1,3}}|\d{{5,}})/{CODES}")
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
            return DocumentType.OTHER
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


def _match_form(value):
    """(form name, its named parts) of the first form the normalised number matches."""
    if not value:
        raise DocumentNumberError(_("Enter the document number (số ký hiệu), e.g. %(examples)s."), examples=EXAMPLES)
    for form, pattern in FORMS:
        if match := pattern.fullmatch(value):
            return form, match.groupdict()
    if BAD_YEAR.fullmatch(value):
        raise DocumentNumberError(_("“%(value)s”: the year must have four digits, e.g. 09/2024/TT-BGDĐT."), value=value)
    raise DocumentNumberError(
        _("“%(value)s” is not a document number. Write it as printed on the document, e.g. %(examples)s."),
        value=value,
        examples=EXAMPLES,
    )


def _number_and_year(parts, value):
    number = int(parts["number"]) if parts.get("number") else None
    if number == 0:
        raise DocumentNumberError(_("“%(value)s”: the number cannot be zero."), value=value)
    year = int(parts["year"]) if parts.get("year") else None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise DocumentNumberError(
            _("“%(value)s”: %(year)s is not a plausible year of issue."), value=value, year=parts["year"]
        )
    return number, year


def _slash_codes(form, codes):
    """(type code, issuer code, drafting unit) of the codes after the last slash of a legal or administrative
    number."""
    codes = codes.split("-")
    if form == "legal" and len(codes) == 1 and not is_type_code(codes[0]):
        return "", codes[0], ""  # a law: 43/2019/QH14
    if form == "legal" or is_type_code(codes[0]):
        return codes[0], "-".join(codes[1:]), ""
    return "", codes[0], "-".join(codes[1:])  # an official letter: issuer, then the drafting unit


def _dash_codes(form, parts, value):
    """(type code, issuer code, drafting unit) of a Party or unnumbered document, whose type comes first."""
    if form == "unnumbered" and not is_type_code(parts["type"]):
        raise DocumentNumberError(
            _("“%(value)s” has no number and “%(code)s” is not a document type code such as KH, QĐ or TB."),
            value=value,
            code=parts["type"],
        )
    return parts["type"], parts["issuer"], ""


def _check_codes(value, type_code, issuer_code, unit_code):
    if not issuer_code:
        raise DocumentNumberError(
            _("“%(value)s” does not name the issuing body after the type code, e.g. 141/KH-BGDĐT."), value=value
        )
    for code in [type_code, *issuer_code.split("-"), *unit_code.split("-")]:
        if code:
            check_code(code, value)


def parse_document_number(text):
    """The parts of a số ký hiệu; raises DocumentNumberError when it cannot be read."""
    value = normalise(text)
    form, parts = _match_form(value)
    number, year = _number_and_year(parts, value)
    if form in ("legal", "administrative"):
        type_code, issuer_code, unit_code = _slash_codes(form, parts["codes"])
    else:
        type_code, issuer_code, unit_code = _dash_codes(form, parts, value)
        value = value.lstrip("/")
    _check_codes(value, type_code, issuer_code, unit_code)
    return DocumentNumber(number, year, type_code, issuer_code, value, unit_code)


def number_fields(document_number):
    """The parts of the number a policy page keeps in step with it (all empty when it cannot be read)."""
    try:
        parsed = parse_document_number(document_number)
    except DocumentNumberError:
        return {"number": None, "number_year": None, "type_code": "", "issuer_code": ""}
    return {
        "document_number": parsed.normalised,
        "number": parsed.number,
        "number_year": parsed.year,
        "type_code": parsed.type_code,
        "issuer_code": parsed.issuer_code,
    }


# --- consistency --------------------------------------------------------------------------------------------


def validate_document_number(value):
    """Field validator: the số ký hiệu must be readable."""
    try:
        parse_document_number(value)
    except DocumentNumberError as error:
        raise ValidationError(str(error), code="invalid_document_number") from error


def _number_errors(document_number, issued_date):
    """(the parsed number or None, {field: message}) for the number on its own and against the year of issue."""
    if not document_number:
        return None, {}
    try:
        parsed = parse_document_number(document_number)
    except DocumentNumberError as error:
        return None, {"document_number": str(error)}
    if parsed.year and issued_date and parsed.year != issued_date.year:
        message = gettext(
            "The year in the document number (%(number_year)s) differs from the year of issue (%(issue_year)s)."
        ) % {"number_year": parsed.year, "issue_year": issued_date.year}
        return parsed, {"document_number": message}
    return parsed, {}


def _type_errors(parsed, document_type):
    """The type chosen against the type the number's code implies ("other" on either side never conflicts)."""
    implied = parsed.implied_type if parsed else None
    if implied in (None, DocumentType.OTHER) or document_type in ("", None, DocumentType.OTHER):
        return {}
    if implied == document_type:
        return {}
    chosen = DocumentType(document_type).label if document_type in DocumentType.values else document_type
    message = gettext("The document number says %(code)s (%(implied)s), but the type chosen is %(chosen)s.") % {
        "code": parsed.type_code,
        "implied": DocumentType(implied).label,
        "chosen": chosen,
    }
    return {"document_type": message}


def _date_errors(issued_date, effective_date, expiry_date):
    errors = {}
    if issued_date and effective_date and effective_date < issued_date:
        errors["effective_date"] = gettext("A document cannot take effect before the date it was issued.")
    start = effective_date or issued_date
    if start and expiry_date and expiry_date < start:
        errors["expiry_date"] = gettext(
            "The expiry date cannot be before the date the document takes effect (%(start)s)."
        ) % {"start": start.strftime("%d/%m/%Y")}
    return errors


def document_errors(document_number, document_type, issued_date, effective_date, expiry_date):
    """{field name: message} for metadata that contradicts itself; empty when it is consistent."""
    parsed, errors = _number_errors(document_number, issued_date)
    return {
        **errors,
        **_type_errors(parsed, document_type),
        **_date_errors(issued_date, effective_date, expiry_date),
    }


# --- the archive import -------------------------------------------------------------------------------------


def _record_text(record, key):
    return str(record.get(key) or "").strip()[:255]


def _record_choices(record, warnings):
    """The document type (required) and field (optional, unknown → a warning) of an archive record."""
    document_type = choice_from_text(DocumentType, record["document_type"], VIETNAMESE_TYPE_NAMES)
    if document_type is None:
        raise ArchiveRecordError(
            gettext("“%(value)s” is not a known document type.") % {"value": record["document_type"]}
        )
    values = {"document_type": document_type}
    if record.get("field"):
        field = choice_from_text(PolicyField, record["field"])
        if field is None:
            warnings.append(gettext("Unknown field “%(value)s”: left empty.") % {"value": record["field"]})
        values["field"] = field or ""
    return values


def metadata_from_record(record, warnings):
    """The metadata fields of one archive record (docs/archive-import.md); raises ArchiveRecordError."""
    for key in ("document_number", "document_type", "issuer", "issued_date"):
        if not str(record.get(key) or "").strip():
            raise ArchiveRecordError(missing(key))
    try:
        values = {"document_number": parse_document_number(record["document_number"]).normalised}
    except DocumentNumberError as error:
        raise ArchiveRecordError(str(error)) from error
    values.update(_record_choices(record, warnings))
    for key in ("issuer", "signer", "signer_title"):
        values[key] = _record_text(record, key)
    for key in ("issued_date", "effective_date", "expiry_date"):
        values[key] = archive_date(record, key, required=key == "issued_date")
    fields = ("document_number", "document_type", "issued_date", "effective_date", "expiry_date")
    errors = document_errors(*(values[key] for key in fields))
    if errors:
        raise ArchiveRecordError(" ".join(errors.values()))
    return values
