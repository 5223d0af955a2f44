"""Images of the intranet's restricted collection reach only its groups, by every address they have."""

import re

import pytest
from django.conf import settings
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from core.bootstrap import STAFF
from editorial.models import IntranetPage
from editorial.setup import INTRANET_COLLECTION
from tests.factories import publish_child, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def media_url(file):
    assert file.url.startswith(settings.MEDIA_URL)
    return file.url


@pytest.fixture
def images(site_tree, media_root):
    Image = get_image_model()
    private = Image.objects.create(
        title="Sơ đồ phòng thi nội bộ",
        file=get_test_image_file("so-do-noi-bo.png"),
        collection=Collection.objects.get(name=INTRANET_COLLECTION),
    )
    public = Image.objects.create(title="Lễ khai giảng", file=get_test_image_file("khai-giang.png"))
    return {"private": private, "public": public}


def private_addresses(image):
    """The original and two renditions: every /media/ address the image's bytes have."""
    return [media_url(image.file)] + [media_url(image.get_rendition(spec).file) for spec in ("width-100", "fill-20x20")]


def test_anonymous_visitors_get_no_restricted_image_by_any_address(client, images):
    for address in private_addresses(images["private"]):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), address


def test_staff_outside_the_collections_groups_are_refused(client, images, member):
    client.force_login(member("phuhuynh"))  # signed in, in no staff group
    for address in private_addresses(images["private"]):
        assert client.get(address).status_code == 403, address


def test_staff_get_restricted_images_never_stored_by_a_shared_cache(client, images, member):
    client.force_login(member("giaovien", STAFF))
    for address in private_addresses(images["private"]):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:4] == b"\x89PNG"


def test_public_images_still_reach_everybody(client, images):
    image = images["public"]
    for address in [media_url(image.file), media_url(image.get_rendition("width-100").file)]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]


def test_an_intranet_pages_images_go_only_to_staff(client, site_tree, images, member):
    page = publish_child(
        section(site_tree["vi"], "noi-bo"),
        IntranetPage(
            title="Sơ đồ phòng thi",
            slug="so-do-phong-thi",
            body=[("image", {"image": images["private"], "caption": "Sơ đồ", "alt_text": "Sơ đồ phòng thi"})],
        ),
    )
    client.force_login(member("giaovien", STAFF))
    html = client.get(page.url).content.decode()
    addresses = set(re.findall(r'src="(/media/[^"]+)"', html))
    assert addresses, html
    for address in addresses:
        assert client.get(address).status_code == 200
    client.logout()
    for address in addresses:
        assert client.get(address).status_code == 302, address
