"""Factories (factory_boy) that build published pages under the bootstrapped tree, and users.

`NewsPageFactory(home=site_tree["en"], title="…")` publishes a news article in the news section of that home page
(the Vietnamese one when `home` is left out); `live=False` leaves it a draft with a revision, as an editor's
unsubmitted page; `parent=` puts it under another page. Each family's factory fills the fields its pages require
with plausible Vietnamese values, so a test passes only what it asserts on. `UserFactory(groups=[EDITORS])` makes a
staff member of a bootstrapped group; every user's password is PASSWORD.
"""

import datetime

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from exams.models import ExamKeyDate, ExamNoticePage, KeyDateKind
from home.models import StandardPage
from news.models import NewsPage
from people.models import PersonPage, PersonRole
from policies.models import DocumentType, PolicyPage
from school_events.models import EventPage, SchoolEventKind

PASSWORD = "pass-1234"


def section(home, slug):
    return home.get_children().get(slug=slug).specific


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def draft_child(parent, page):
    parent.add_child(instance=page)
    page.live = False
    page.save()
    page.save_revision()
    return Page.objects.get(pk=page.pk).specific


def vietnamese_home():
    return Page.objects.get(depth=2, locale__language_code=settings.LANGUAGE_CODE).specific


def index_under(home, model):
    """The index page under `home` that holds pages of `model` (the one its parent_page_types allow)."""
    return home.get_children().type(*model.clean_parent_page_models()).first().specific


class PublishedPageFactory(factory.django.DjangoModelFactory):
    """A page of the model published under `parent`, by default its family's index page under `home`."""

    class Meta:
        abstract = True

    home = factory.LazyFunction(vietnamese_home)
    parent = None
    live = True
    title = factory.Sequence(lambda n: f"Trang thử nghiệm {n}")
    slug = factory.LazyAttributeSequence(lambda page, n: slugify(page.title)[:80] or f"trang-{n}")

    @classmethod
    def _build(cls, model_class, *args, home, parent, live, **fields):
        return model_class(**fields)

    @classmethod
    def _create(cls, model_class, *args, home, parent, live, **fields):
        parent = parent or cls.default_parent(home, model_class)
        page = model_class(**fields)
        return publish_child(parent, page) if live else draft_child(parent, page)

    @classmethod
    def default_parent(cls, home, model_class):
        return index_under(home, model_class)


class NewsPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Tin hoạt động số {n}")
    date = factory.LazyFunction(datetime.date.today)


class PolicyPageFactory(PublishedPageFactory):
    class Meta:
        model = PolicyPage

    title = factory.Sequence(lambda n: f"Thông tư hướng dẫn số {n}")
    document_type = DocumentType.CIRCULAR
    issuer = "Bộ Giáo dục và Đào tạo"
    issued_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    # The number's year is the year of issue (policies.metadata checks it).
    document_number = factory.LazyAttributeSequence(
        lambda page, n: f"{n % 90 + 1:02d}/{page.issued_date.year}/TT-BGDĐT"
    )


class PersonPageFactory(PublishedPageFactory):
    class Meta:
        model = PersonPage

    title = factory.Sequence(lambda n: f"Em Nguyễn Văn An {n}")
    role = PersonRole.STUDENT


class ExamNoticePageFactory(PublishedPageFactory):
    """A notice with one exam day a month ahead unless `key_dates` says otherwise."""

    class Meta:
        model = ExamNoticePage

    title = factory.Sequence(lambda n: f"Thông báo kỳ thi số {n}")
    key_dates = factory.LazyFunction(
        lambda: [
            ExamKeyDate(sort_order=0, kind=KeyDateKind.EXAM, date=timezone.localdate() + datetime.timedelta(days=30))
        ]
    )


class EventPageFactory(PublishedPageFactory):
    """A contest starting in a week unless `start` says otherwise."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Hội thi số {n}")
    kind = SchoolEventKind.CONTEST
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class StandardPageFactory(PublishedPageFactory):
    """A page of school information, directly under the home page unless `parent` says otherwise."""

    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Giới thiệu {n}")

    @classmethod
    def default_parent(cls, home, model_class):
        return home


class UserFactory(factory.django.DjangoModelFactory):
    """A user with PASSWORD, in the bootstrapped groups named by `groups`; `superuser=True` for an administrator."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@thptlak.edu.vn")
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(user, create, names, **kwargs):
        if create and names:
            user.groups.add(*(Group.objects.get(name=name) for name in names))


def news_page(home, title, slug=None, date=None, **fields):
    """A published news article in the news section of `home` (kept for the tests that call it positionally)."""
    return NewsPageFactory(
        home=home, title=title, slug=slug or slugify(title)[:80] or "tin", date=date or datetime.date.today(), **fields
    )


def with_other_process_pages():
    """`CACHES` plus "elsewhere", the pages cache of another process: its own memory with the embedded
    default (the generation stays in the shared "default"), the same Redis with CACHE_URL."""
    pages = settings.CACHES["pages"]
    if pages["BACKEND"].endswith("LocMemCache"):
        pages = {**pages, "LOCATION": "other-worker"}
    return {**settings.CACHES, "elsewhere": pages}


def plan_article(home):
    """The article announcing the communications plan: what the search tests look for ("kế hoạch truyền thông")."""
    return news_page(
        home,
        "Kế hoạch truyền thông năm học 2024-2025",
        summary="Nhà trường ban hành kế hoạch truyền thông.",
        date=datetime.date(2024, 9, 10),
    )
