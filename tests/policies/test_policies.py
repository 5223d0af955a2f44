"""Policy explainers: the số ký hiệu parser, metadata validation in the admin, status, filters, pages, import."""

import datetime
import unicodedata

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from core.archive.records import ArchiveRecordError, archive_page_types
from policies.metadata import DocumentNumberError, parse_document_number
from policies.models import DocumentStatus, DocumentType, PolicyPage
from tests.admin_forms import add_through_admin
from tests.factories import PolicyPageFactory, publish_child, section

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def policy(home, title, number, issued=None, **fields):
    """A published circular of the Ministry unless `fields` say otherwise."""
    return PolicyPageFactory(
        home=home, title=title, document_number=number, issued_date=issued or TODAY - 30 * DAY, **fields
    )


# --- the parser -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number, year, type_code, issuer_code, normalised",
    [
        ("09/2024/TT-BGDĐT", 9, 2024, "TT", "BGDĐT", "09/2024/TT-BGDĐT"),
        ("141/KH-BGDĐT", 141, None, "KH", "BGDĐT", "141/KH-BGDĐT"),
        ("5711/SGDĐT-KTKĐ", 5711, None, "", "SGDĐT", "5711/SGDĐT-KTKĐ"),
        ("29-NQ/TW", 29, None, "NQ", "TW", "29-NQ/TW"),
        ("KH-THPTL", None, None, "KH", "THPTL", "KH-THPTL"),
        ("43/2019/QH14", 43, 2019, "", "QH14", "43/2019/QH14"),
        ("09/2017/NĐ-CP", 9, 2017, "NĐ", "CP", "09/2017/NĐ-CP"),
        ("01/2024/TTLT-BGDĐT-BTC", 1, 2024, "TTLT", "BGDĐT-BTC", "01/2024/TTLT-BGDĐT-BTC"),
        # Liberal with spaces, en dashes, a "Số:" prefix, an unnumbered plan written "/KH-…".
        ("  Số: 09 / 2024 / TT – BGDĐT ", 9, 2024, "TT", "BGDĐT", "09/2024/TT-BGDĐT"),
        ("141/KH—BGDĐT", 141, None, "KH", "BGDĐT", "141/KH-BGDĐT"),
        ("/KH-THPTL", None, None, "KH", "THPTL", "KH-THPTL"),
        ("09/2024/TT-BGDÐT", 9, 2024, "TT", "BGDĐT", "09/2024/TT-BGDĐT"),  # Icelandic eth for Đ
    ],
)
def test_parser_reads_the_forms_in_use(text, number, year, type_code, issuer_code, normalised):
    parsed = parse_document_number(text)
    assert (parsed.number, parsed.year, parsed.type_code, parsed.issuer_code, parsed.normalised) == (
        number,
        year,
        type_code,
        issuer_code,
        normalised,
    )


def test_parser_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Số: 141/KH-BGDĐT")
    assert decomposed != "Số: 141/KH-BGDĐT"
    parsed = parse_document_number(decomposed)
    assert parsed.normalised == "141/KH-BGDĐT"
    assert parsed.normalised == unicodedata.normalize("NFC", parsed.normalised)


def test_parser_knows_the_type_a_code_stands_for():
    assert parse_document_number("141/KH-BGDĐT").implied_type == DocumentType.PLAN
    assert parse_document_number("09/2024/TT-BGDĐT").implied_type == DocumentType.CIRCULAR
    assert parse_document_number("5711/SGDĐT-KTKĐ").implied_type is None
    assert parse_document_number("5711/SGDĐT-KTKĐ").unit_code == "KTKĐ"


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "Enter the document number"),
        ("abc", "is not a document number"),
        ("09/2024", "is not a document number"),
        ("09/24/TT-BGDĐT", "four digits"),
        ("09/2024/tt-bgdđt", "capital letter"),
        ("141/KH", "issuing body"),
        ("09/2024/TT", "issuing body"),
        ("0/KH-BGDĐT", "cannot be zero"),
        ("09/1800/TT-BGDĐT", "plausible year"),
        ("THPTL", "is not a document number"),
        ("XYZ-THPTL", "not a document type code"),
        ("09/2024/TT-BGDĐT ghi chú", "is not a document number"),
        ("09//TT-BGDĐT", "is not a document number"),
    ],
)
def test_parser_rejects_malformed_numbers_with_a_reason(text, says):
    with pytest.raises(DocumentNumberError) as error:
        parse_document_number(text)
    assert says in str(error.value)


# --- the admin form ---------------------------------------------------------------------------------------


def create_through_admin(client, index, **values):
    base = {
        "title": "Thông tư quy định về công khai",
        "slug": "thong-tu-cong-khai",
        "document_number": "09/2024/TT-BGDĐT",
        "document_type": DocumentType.CIRCULAR,
        "issuer": "Bộ Giáo dục và Đào tạo",
        "issued_date": "2024-06-03",
        "effective_date": "2024-07-19",
        "expiry_date": "",
        "faq-count": "0",
    }
    base.update(values)
    # multiple selects with nothing chosen are left out
    return add_through_admin(client, PolicyPage, index, base, cleared=("replaces", "related_documents"))


def test_admin_creates_a_valid_policy_with_a_normalised_number(english_admin_client, site_tree):
    old = policy(site_tree["vi"], "Quy chế cũ", "36/2017/TT-BGDĐT", datetime.date(2017, 12, 28))
    index = section(site_tree["vi"], "van-ban")
    form = english_admin_client.get(reverse("wagtailadmin_pages:add", args=("policies", "policypage", index.pk)))
    assert "36/2017/TT-BGDĐT – Quy chế cũ" in form.content.decode()  # related documents shown by number
    response = create_through_admin(
        english_admin_client, index, document_number="09 / 2024 / TT – BGDĐT", replaces=str(old.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyPage.objects.get(slug="thong-tu-cong-khai")
    assert page.document_number == "09/2024/TT-BGDĐT"
    assert (page.number, page.number_year, page.type_code, page.issuer_code) == (9, 2024, "TT", "BGDĐT")
    assert list(page.replaces.all()) == [old]


def test_admin_rejects_a_malformed_document_number(english_admin_client, site_tree):
    index = section(site_tree["vi"], "van-ban")
    response = create_through_admin(english_admin_client, index, document_number="09/24/TT-BGDĐT")
    assert response.status_code == 200
    assert "the year must have four digits" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="thong-tu-cong-khai").exists()


def test_admin_rejects_an_effective_date_before_the_issue_date(english_admin_client, site_tree):
    index = section(site_tree["vi"], "van-ban")
    response = create_through_admin(english_admin_client, index, issued_date="2024-06-03", effective_date="2024-05-01")
    assert response.status_code == 200
    assert "cannot take effect before the date it was issued" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="thong-tu-cong-khai").exists()


def test_admin_rejects_an_expiry_before_the_effective_date(english_admin_client, site_tree):
    index = section(site_tree["vi"], "van-ban")
    response = create_through_admin(english_admin_client, index, effective_date="2024-07-19", expiry_date="2024-07-01")
    assert response.status_code == 200
    assert "expiry date cannot be before" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="thong-tu-cong-khai").exists()


def test_admin_rejects_a_number_of_another_type_or_year(english_admin_client, site_tree):
    index = section(site_tree["vi"], "van-ban")
    response = create_through_admin(english_admin_client, index, document_number="141/KH-BGDĐT")
    assert "says KH (Plan), but the type chosen is Circular" in response.content.decode()
    response = create_through_admin(english_admin_client, index, document_number="09/2023/TT-BGDĐT")
    assert "differs from the year of issue" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="thong-tu-cong-khai").exists()


# --- status -----------------------------------------------------------------------------------------------


@pytest.mark.django_db  # a page instance looks up its content type
def test_status_follows_the_dates():
    page = PolicyPage(issued_date=datetime.date(2024, 6, 3), effective_date=datetime.date(2024, 7, 19))
    assert page.status_on(datetime.date(2024, 7, 18)) == DocumentStatus.NOT_YET
    assert page.status_on(datetime.date(2024, 7, 19)) == DocumentStatus.IN_FORCE
    page.expiry_date = datetime.date(2025, 1, 1)
    assert page.status_on(datetime.date(2024, 12, 31)) == DocumentStatus.IN_FORCE
    assert page.status_on(datetime.date(2025, 1, 1)) == DocumentStatus.EXPIRED
    in_force_on_issue = PolicyPage(issued_date=datetime.date(2024, 2, 26))
    assert in_force_on_issue.status_on(datetime.date(2024, 2, 26)) == DocumentStatus.IN_FORCE
    assert in_force_on_issue.status_on(datetime.date(2024, 2, 25)) == DocumentStatus.NOT_YET


# --- the index page ---------------------------------------------------------------------------------------


@pytest.fixture
def documents(site_tree):
    home = site_tree["vi"]
    return {
        "in_force": policy(home, "Thông tư đang có hiệu lực", "09/2024/TT-BGDĐT", datetime.date(2024, 6, 3)),
        "plan": policy(
            home,
            "Kế hoạch truyền thông",
            "141/KH-BGDĐT",
            datetime.date(2023, 2, 5),
            document_type=DocumentType.PLAN,
            expiry_date=datetime.date(2024, 1, 1),
        ),
        "future": policy(
            home,
            "Quyết định sắp có hiệu lực",
            f"15/{TODAY.year}/QĐ-UBND",
            TODAY,
            document_type=DocumentType.DECISION,
            issuer="Ủy ban nhân dân tỉnh Đắk Lắk",
            effective_date=TODAY + 30 * DAY,
        ),
    }


def listed(client, query=""):
    response = client.get("/vi/van-ban/" + query)
    assert response.status_code == 200
    return response.content.decode()


def test_index_filters_by_type(client, documents):
    body = listed(client, "?type=ke-hoach")
    assert "Kế hoạch truyền thông" in body
    assert "Thông tư đang có hiệu lực" not in body


def test_index_filters_by_year_of_issue(client, documents):
    body = listed(client, "?year=2024")
    assert "Thông tư đang có hiệu lực" in body
    assert "Kế hoạch truyền thông" not in body


def test_index_filters_by_status(client, documents):
    body = listed(client, "?status=expired")
    assert "Kế hoạch truyền thông" in body
    assert "Thông tư đang có hiệu lực" not in body
    body = listed(client, "?status=not-yet-in-force")
    assert "Quyết định sắp có hiệu lực" in body
    assert "Thông tư đang có hiệu lực" not in body
    body = listed(client, "?status=in-force")
    assert "Thông tư đang có hiệu lực" in body
    assert "Quyết định sắp có hiệu lực" not in body and "Kế hoạch truyền thông" not in body


def test_index_filters_by_issuer_offered(client, documents):
    body = listed(client, "?issuer=Ủy+ban+nhân+dân+tỉnh+Đắk+Lắk")
    assert "Quyết định sắp có hiệu lực" in body
    assert "Thông tư đang có hiệu lực" not in body


@pytest.mark.parametrize(
    "query", ["?type=nope", "?year=abcd", "?year=99999", "?status=%00", "?issuer=x" * 50, "?page=1&type=luat"]
)
def test_index_ignores_bad_filter_values(client, documents, query):
    body = listed(client, query)
    if "type=luat" not in query:
        assert "Thông tư đang có hiệu lực" in body and "Kế hoạch truyền thông" in body


def test_index_and_feed_hide_drafts(client, site_tree, documents):
    PolicyPageFactory(
        title="Dự thảo chưa duyệt",
        slug="du-thao",
        document_number="KH-THPTL",
        document_type=DocumentType.PLAN,
        issuer="Trường THPT Lắk",
        issued_date=TODAY,
        live=False,
    )
    assert "Dự thảo chưa duyệt" not in listed(client)
    feed = client.get("/vi/van-ban/feed/rss/").content.decode()
    assert "Thông tư đang có hiệu lực" in feed
    assert "Dự thảo chưa duyệt" not in feed


# --- the policy page --------------------------------------------------------------------------------------


def test_page_shows_metadata_files_explainer_faq_and_replacements(client, site_tree):
    home = site_tree["vi"]
    old = policy(home, "Quy chế cũ", "36/2017/TT-BGDĐT", datetime.date(2017, 12, 28))
    Document = get_document_model()
    document = Document(title="Văn bản ký số")
    document.file.save("thong-tu-09-2024.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048), save=False)
    document.save()
    page = PolicyPage(
        title="Quy định về công khai",
        document_number="09/2024/TT-BGDĐT",
        document_type=DocumentType.CIRCULAR,
        issuer="Bộ Giáo dục và Đào tạo",
        issued_date=datetime.date(2024, 6, 3),
        effective_date=datetime.date(2024, 7, 19),
        signer="Phạm Ngọc Thưởng",
        signer_title="Thứ trưởng",
        field="truyen-thong",
        summary="Thông tư quy định nội dung, hình thức công khai.",
        for_parents="<p>Phụ huynh xem được các khoản thu trên trang web.</p>",
        faq=[("question", {"question": "Khi nào nhà trường công khai?", "answer": "<p>Trước ngày 30/9.</p>"})],
    )
    page.replaces = [old]
    page.files.add(page.files.model(document=document, title="Toàn văn"))
    publish_child(section(home, "van-ban"), page)

    body = client.get(page.url).content.decode()
    assert "<dl" in body and "09/2024/TT-BGDĐT" in body and "Phạm Ngọc Thưởng, Thứ trưởng" in body
    assert "Bộ Giáo dục và Đào tạo" in body and "label-in-force" in body
    assert "Toàn văn" in body and "PDF" in body and "KB" in body
    assert "Phụ huynh xem được" in body
    assert "<details>" in body and "<summary>Khi nào nhà trường công khai?</summary>" in body
    assert old.url in body  # "replaces"
    old_body = client.get(old.url).content.decode()
    assert page.url in old_body and "replaced-by" in old_body


# --- the archive import -----------------------------------------------------------------------------------


def test_archive_record_maps_to_policy_fields(site_tree):
    old = policy(site_tree["vi"], "Thông tư cũ", "36/2017/TT-BGDĐT", datetime.date(2017, 12, 28))
    assert archive_page_types()["policy"] is PolicyPage
    warnings = []
    fields = PolicyPage.family.archive.fields(
        {
            "document_number": "09 / 2024 / TT–BGDĐT",
            "document_type": "Thông tư",
            "issuer": "Bộ Giáo dục và Đào tạo",
            "issued_date": "2024-06-03",
            "effective_date": "2024-07-19",
            "signer": "Phạm Ngọc Thưởng",
            "signer_title": "Thứ trưởng",
            "field": "truyen-thong",
            "replaces": ["36/2017/TT-BGDĐT", "99/2016/TT-BGDĐT"],
        },
        warnings,
    )
    assert fields["document_number"] == "09/2024/TT-BGDĐT"
    assert fields["document_type"] == DocumentType.CIRCULAR
    assert fields["effective_date"] == datetime.date(2024, 7, 19)
    assert fields["replaces"] == [old]
    assert len(warnings) == 1 and "99/2016/TT-BGDĐT" in warnings[0]
    page = PolicyPage(title="Quy định về công khai", slug="cong-khai", **fields)
    publish_child(section(site_tree["vi"], "van-ban"), page)
    assert list(PolicyPage.objects.get(pk=old.pk).replaced_by.all()) == [PolicyPage.objects.get(pk=page.pk)]


def test_archive_accepts_the_sample_plan():
    fields = PolicyPage.family.archive.fields(
        {"document_number": "KH-THPTL", "document_type": "Kế hoạch", "issuer": "Trường THPT Lắk",
         "issued_date": "2024-02-26", "signer": "Lê Văn Trị"},
        [],
    )  # fmt: skip
    assert fields["document_type"] == "ke-hoach" and fields["document_number"] == "KH-THPTL"


@pytest.mark.parametrize(
    "change, says",
    [
        ({"document_number": "09/24/TT-BGDĐT"}, "four digits"),
        ({"document_number": ""}, "document_number"),
        ({"document_type": "Sắc lệnh"}, "not a known document type"),
        ({"issued_date": "03/06/2024"}, "03/06/2024"),
        ({"effective_date": "2024-05-01"}, "before the date it was issued"),
        ({"expiry_date": "2024-01-01"}, "expiry date cannot be before"),
        ({"document_type": "Kế hoạch"}, "says TT (Circular), but the type chosen is Plan"),
    ],
)
def test_archive_rejects_invalid_records(change, says):
    record = {
        "document_number": "09/2024/TT-BGDĐT",
        "document_type": "thong-tu",
        "issuer": "Bộ Giáo dục và Đào tạo",
        "issued_date": "2024-06-03",
    }
    record.update(change)
    with pytest.raises(ArchiveRecordError) as error:
        PolicyPage.family.archive.fields(record, [])
    assert says in str(error.value)
