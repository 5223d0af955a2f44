"""Demo documents for `bootstrap_site --demo` (the `site_lak_demo` hook in policies/wagtail_hooks.py): the
school's communications plan and the ministry's documents it implements. Idempotent."""

import datetime

from core.bootstrap import ensure_child
from policies.models import PolicyIndexPage, PolicyPage

POLICIES = [
    (
        "ke-hoach-truyen-thong-2024",
        "Kế hoạch truyền thông về giáo dục và đào tạo năm 2024",
        "KH-THPTL",
        "ke-hoach",
        "Trường THPT Lắk",
        datetime.date(2024, 2, 26),
        "Lê Văn Trị",
        "Kế hoạch truyền thông năm 2024 thực hiện Kế hoạch 141/KH-BGDĐT và Kế hoạch 19/KH-SGDĐT.",
    ),
    (
        "ke-hoach-141-kh-bgddt",
        "Kế hoạch truyền thông về giáo dục và đào tạo năm 2024 của Bộ GDĐT",
        "141/KH-BGDĐT",
        "ke-hoach",
        "Bộ Giáo dục và Đào tạo",
        datetime.date(2024, 2, 5),
        "",
        "Kế hoạch của Bộ Giáo dục và Đào tạo về truyền thông giáo dục năm 2024.",
    ),
    (
        "thong-tu-09-2024-tt-bgddt",
        "Quy định về công khai trong hoạt động của các cơ sở giáo dục",
        "09/2024/TT-BGDĐT",
        "thong-tu",
        "Bộ Giáo dục và Đào tạo",
        datetime.date(2024, 6, 3),
        "",
        "Thông tư quy định nội dung, hình thức và thời điểm công khai của cơ sở giáo dục.",
    ),
]


def create_demo_pages(home, home_en):
    """The demo documents under the policy index of `home`."""
    policy_index = PolicyIndexPage.objects.child_of(home).get()
    for slug, title, number, doc_type, issuer, issued, signer, summary in POLICIES:
        ensure_child(
            policy_index,
            PolicyPage,
            slug,
            title,
            document_number=number,
            document_type=doc_type,
            issuer=issuer,
            issued_date=issued,
            signer=signer,
            summary=summary,
        )
