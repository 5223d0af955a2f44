"""Fixtures of the press register tests: the spokesperson named in the school settings, a member of the
communications board signed in to the admin."""

import pytest
from wagtail.models import Site

from core.bootstrap import REVIEWERS
from home.models import SchoolSettings


@pytest.fixture
def spokesperson(site_tree, member):
    user = member("hieutruong", first_name="Trị", last_name="Lê Văn")
    school = SchoolSettings.for_site(Site.objects.get(is_default_site=True))
    school.spokesperson_name = "Lê Văn Trị"
    school.spokesperson_email = user.email
    school.save()
    return user


@pytest.fixture
def board(site_tree, member, as_user):
    return as_user(member("bantt", REVIEWERS))
