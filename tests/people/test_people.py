"""Exemplary-person profiles: photo consent in the admin and on the page, school-year validation, the
index filters, the archive import."""

import pytest
from django.utils import translation
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from core.archive.records import ArchiveRecordError, archive_page_types
from people.models import PHOTO_CONSENT_REQUIRED, PersonPage, PersonRole
from tests.admin_forms import add_through_admin
from tests.factories import PersonPageFactory, section


def people_index(home):
    return section(home, "guong-sang")


def person(home, title, slug, **fields):
    """A published profile of a student unless `fields` say otherwise."""
    return PersonPageFactory(home=home, title=title, slug=slug, **fields)


@pytest.fixture
def photo(db):
    return get_image_model().objects.create(title="Ảnh chân dung", file=get_test_image_file("chan-dung.png"))


def create_through_admin(client, index, **values):
    base = {
        "title": "Cô Trần Thị Bình",
        "slug": "co-tran-thi-binh",
        "role": PersonRole.TEACHER,
        "class_or_department": "Tổ Ngữ văn",
        "school_year": "2024-2025",
        "achievement": "Chiến sĩ thi đua cơ sở",
        "movement": "Đổi mới, sáng tạo trong quản lý, giảng dạy và học tập",
        "body-count": "0",
    }
    base.update(values)
    return add_through_admin(client, PersonPage, index, base)


def test_admin_creates_a_profile_with_a_consented_photo(admin_client, site_tree, photo):
    response = create_through_admin(
        admin_client,
        people_index(site_tree["vi"]),
        photo=str(photo.pk),
        photo_consent="on",
        photo_consent_by="Trần Thị Bình",
        photo_consent_date="2024-09-05",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PersonPage.objects.get(slug="co-tran-thi-binh")
    assert page.photo_to_show == photo
    assert page.movement == "Đổi mới, sáng tạo trong quản lý, giảng dạy và học tập"


@pytest.mark.parametrize(
    "consent",
    [
        {},
        {"photo_consent": "on", "photo_consent_by": "", "photo_consent_date": "2024-09-05"},
        {"photo_consent": "on", "photo_consent_by": "Trần Thị Bình", "photo_consent_date": ""},
        {"photo_consent_by": "Trần Thị Bình", "photo_consent_date": "2024-09-05"},
    ],
    ids=["nothing", "no-who", "no-date", "box-not-ticked"],
)
def test_admin_rejects_a_photo_without_recorded_consent(admin_client, site_tree, photo, consent):
    response = create_through_admin(admin_client, people_index(site_tree["vi"]), photo=str(photo.pk), **consent)
    assert response.status_code == 200
    with translation.override("vi"):
        assert escape(str(PHOTO_CONSENT_REQUIRED)) in response.content.decode()
    assert not PersonPage.objects.filter(slug="co-tran-thi-binh").exists()


def test_admin_accepts_a_profile_without_photo_and_rejects_a_bad_school_year(admin_client, site_tree):
    index = people_index(site_tree["vi"])
    response = create_through_admin(admin_client, index, school_year="2024/2025")
    assert response.status_code == 200
    assert "2024/2025" in response.content.decode()
    assert not PersonPage.objects.filter(slug="co-tran-thi-binh").exists()
    assert create_through_admin(admin_client, index).status_code == 302


def test_profile_shows_the_photo_only_with_recorded_consent(client, site_tree, photo):
    consent = {"photo_consent": True, "photo_consent_by": "Nguyễn Văn Bố (cha)", "photo_consent_date": "2024-09-05"}
    page = person(site_tree["vi"], "Em Nguyễn Văn An", "em-an", photo=photo, class_or_department="12A1", **consent)
    body = client.get(page.url).content.decode()
    assert '<figure class="person-photo"><img' in body
    assert "12A1" in body
    # Consent withdrawn behind the editor's back (edited in the database, an old import): the photo is
    # not shown, neither on the page nor when the page is shared on Facebook.
    other = person(site_tree["vi"], "Em Lê Thị Hoa", "em-hoa", photo=photo, **consent)
    PersonPage.objects.filter(pk=other.pk).update(photo_consent=False)
    body = client.get(other.url).content.decode()
    assert "Em Lê Thị Hoa" in body
    assert "person-photo" not in body and "chan-dung" not in body
    assert PersonPage.objects.get(pk=other.pk).get_sharing_image() is None


def test_index_filters_by_role_and_school_year_and_ignores_bad_values(client, site_tree):
    home = site_tree["vi"]
    person(home, "Em An", "em-an-loc", role=PersonRole.STUDENT, school_year="2023-2024")
    person(home, "Thầy Bình", "thay-binh-loc", role=PersonRole.TEACHER, school_year="2024-2025")
    url = people_index(home).url
    teachers = client.get(url, {"role": "teacher"}).content.decode()
    assert "/thay-binh-loc/" in teachers and "/em-an-loc/" not in teachers
    year = client.get(url, {"school_year": "2023-2024"}).content.decode()
    assert "/em-an-loc/" in year and "/thay-binh-loc/" not in year
    assert '<option value="2024-2025">' in year
    both = client.get(url, {"role": "student", "school_year": "2024-2025"}).content.decode()
    assert "/em-an-loc/" not in both and "/thay-binh-loc/" not in both
    for bad in ({"role": "principal"}, {"school_year": "2023"}, {"school_year": "2023-2023"}):
        response = client.get(url, bad)
        assert response.status_code == 200
        assert "/em-an-loc/" in response.content.decode() and "/thay-binh-loc/" in response.content.decode()
    assert client.get(url, {"page": "-1"}).status_code == 404  # no such page of the list (tests/home/test_seo.py)


SAMPLE = {
    "type": "person",
    "slug": "em-nguyen-van-an",
    "title": "Em Nguyễn Văn An – tấm gương vượt khó",
    "role": "student",
    "school_year": "2023-2024",
    "achievement": "Học sinh xuất sắc",
    "movement": "Đổi mới, sáng tạo trong quản lý, giảng dạy và học tập",
    "class_or_department": "12A1",
}


def test_archive_record_maps_to_profile_fields():
    assert archive_page_types()["person"] is PersonPage
    values = PersonPage.family.archive.fields(dict(SAMPLE), [])
    assert values == {
        "role": "student",
        "school_year": "2023-2024",
        "achievement": "Học sinh xuất sắc",
        "movement": "Đổi mới, sáng tạo trong quản lý, giảng dạy và học tập",
        "class_or_department": "12A1",
    }


@pytest.mark.parametrize("changes", [{"role": ""}, {"role": "principal"}, {"school_year": "2023-2025"}])
def test_archive_rejects_a_bad_role_or_school_year(changes):
    with pytest.raises(ArchiveRecordError):
        PersonPage.family.archive.fields({**SAMPLE, **changes}, [])
