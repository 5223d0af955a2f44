"""The factories of tests/factories.py build what a visitor and an editor would see: published pages of every
family in their section of either language, drafts nobody outside the admin reaches, and staff who can sign in."""

import pytest
from django.test import Client

from core.bootstrap import EDITORS
from tests.factories import (
    PASSWORD,
    EventPageFactory,
    ExamNoticePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    PolicyPageFactory,
    StandardPageFactory,
    UserFactory,
)

FACTORIES = [
    NewsPageFactory,
    PolicyPageFactory,
    PersonPageFactory,
    ExamNoticePageFactory,
    EventPageFactory,
    StandardPageFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_family_factory_publishes_a_page_in_its_section(site_tree, language):
    home = site_tree[language]
    for factory in FACTORIES:
        page = factory(home=home)
        assert page.live and page.locale == home.locale
        response = Client().get(page.url)
        assert response.status_code == 200, (factory.__name__, page.url)
        assert page.title in response.content.decode()
        if factory is not StandardPageFactory:
            assert page.get_parent().get_parent().pk == home.pk  # in the family's section, not under the home page


@pytest.mark.django_db
def test_a_draft_stays_out_of_sight(site_tree):
    draft = NewsPageFactory(title="Bản nháp chưa gửi duyệt", live=False)
    assert not draft.live and draft.get_latest_revision() is not None
    index = draft.get_parent()
    assert Client().get(index.url + draft.slug + "/").status_code == 404
    assert "Bản nháp chưa gửi duyệt" not in Client().get(index.url).content.decode()


@pytest.mark.django_db
def test_a_staff_member_signs_in_to_the_admin(site_tree):
    editor = UserFactory(groups=[EDITORS])
    client = Client()
    assert client.login(username=editor.username, password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    assert UserFactory(superuser=True).is_superuser
