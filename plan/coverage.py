"""The coverage report: what was published in a period, per content area against the plan's targets, per channel
and per author. Website items are published pages; Facebook and press items are planned items marked published.
"""

import calendar
import datetime
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, PageLogEntry

from core.families import family_of, page_families
from home.validators import school_year_of
from plan.content_areas import ContentArea
from plan.models import Channel, CommunicationPlan, PlannedItem


def communication_page_types():
    """The content types of the page families that are communication items (their declaration names a plan area)."""
    models = [model for model in page_families().values() if family_of(model).plan_area is not None]
    return list(ContentType.objects.get_for_models(*models).values())


def family_areas(pages):
    """{page id: content area its family files it under} (news articles: their category), one query per page type."""
    specific = Page.objects.filter(pk__in=[page.pk for page in pages]).specific()
    return {page.pk: family_of(page).plan_area_of(page) for page in specific if family_of(page) is not None}


def month_fractions(start, end):
    """[(first day of month, share of that month inside the period)] for a period given by two included dates."""
    shares = []
    month = start.replace(day=1)
    while month <= end:
        length = calendar.monthrange(month.year, month.month)[1]
        last = month.replace(day=length)
        days = (min(end, last) - max(start, month)).days + 1
        shares.append((month, days / length))
        month = last + datetime.timedelta(days=1)
    return shares


def targets_between(start, end):
    """{content area: expected items} — each month's share times the target of that month's school-year plan —,
    the owners, the plans used and the school years of the period that have no plan."""
    shares = month_fractions(start, end)
    years = {school_year_of(month) for month, _share in shares}
    plans = {plan.school_year: plan for plan in CommunicationPlan.objects.filter(school_year__in=years)}
    per_month = {
        year: {target.content_area: target for target in plan.targets.select_related("owner_user", "owner_group")}
        for year, plan in plans.items()
    }
    expected = defaultdict(float)
    owners = {}
    for month, share in shares:
        for area, target in per_month.get(school_year_of(month), {}).items():
            expected[area] += share * target.items_per_month
            owners[area] = target.owner
    missing = sorted(years - set(plans))
    return (
        {area: round(value, 1) for area, value in expected.items()},
        owners,
        [plans[y] for y in sorted(plans)],
        missing,
    )


def author_name(user):
    return (user.get_full_name() or user.get_username()) if user else _("(unknown)")


def website_items(start, end):
    """[(page, content area, author)] for pages first published in the period: the default language's live,
    public communication pages, and any page a website planned item links to."""
    planned_areas = dict(
        PlannedItem.objects.filter(channel=Channel.WEBSITE, page__isnull=False)
        .order_by("pk")
        .values_list("page_id", "content_area")
    )
    types = communication_page_types()
    pages = list(
        Page.objects.live()
        .public()
        .filter(locale=Locale.get_default(), first_published_at__date__range=(start, end))
        .filter(Q(content_type__in=types) | Q(pk__in=list(planned_areas)))
        .select_related("owner", "content_type")
        .order_by("first_published_at", "pk")
    )
    areas = family_areas(pages)
    # A page created outside the admin has no owner: its author is then whoever published it first.
    first_publishers = {}
    for entry in (
        PageLogEntry.objects.filter(page_id__in=[p.pk for p in pages if p.owner_id is None], action="wagtail.publish")
        .select_related("user")
        .order_by("-timestamp", "-pk")
    ):
        first_publishers[entry.page_id] = entry.user
    items = []
    for page in pages:
        area = areas.get(page.pk)
        # A news article left under "Other" counts under the area it was planned for.
        if area in (None, ContentArea.OTHER) and page.pk in planned_areas:
            area = planned_areas[page.pk]
        items.append((page, area or ContentArea.OTHER, page.owner or first_publishers.get(page.pk)))
    return items


def published_counts(start, end):
    """Counter of (area, channel) -> items, and {author name: Counter of channel -> items}, in the period."""
    counts = Counter()
    by_author = defaultdict(Counter)
    for _page, area, author in website_items(start, end):
        counts[area, Channel.WEBSITE] += 1
        by_author[author_name(author)][Channel.WEBSITE] += 1
    others = PlannedItem.objects.published_between(start, end).exclude(channel=Channel.WEBSITE).select_related("owner")
    for item in others:
        counts[item.content_area, item.channel] += 1
        by_author[author_name(item.owner)][item.channel] += 1
    return counts, by_author


def area_rows(counts, targets, owners):
    """One row per content area: published per channel, the target, the percentage, bars on a common scale."""
    areas = []
    for key, label in ContentArea.choices:
        per_channel = {channel: counts[key, channel] for channel in Channel.values}
        published = sum(per_channel.values())
        target = targets.get(key)
        areas.append(
            {
                "key": key,
                "label": label,
                "channels": per_channel,
                "published": published,
                "target": target,
                "percent": round(100 * published / target) if target else None,
                "owner": owners.get(key, ""),
            }
        )
    scale = max([row["published"] for row in areas] + [row["target"] or 0 for row in areas] + [1])
    for row in areas:
        row["bar"] = round(100 * row["published"] / scale, 1)
        row["target_mark"] = round(100 * row["target"] / scale, 1) if row["target"] else None
    return areas


def coverage(start, end):
    """Everything the report shows and exports, for a period given by two included dates."""
    counts, by_author = published_counts(start, end)
    targets, owners, plans, missing_years = targets_between(start, end)
    areas = area_rows(counts, targets, owners)
    channels = [
        {"key": key, "label": label, "published": sum(counts[area, key] for area in ContentArea.values)}
        for key, label in Channel.choices
    ]
    largest = max([row["published"] for row in channels] + [1])
    for row in channels:
        row["bar"] = round(100 * row["published"] / largest, 1)

    authors = sorted(
        (
            {"label": name, "channels": {c: per[c] for c in Channel.values}, "published": sum(per.values())}
            for name, per in by_author.items()
        ),
        key=lambda row: (-row["published"], row["label"]),
    )
    return {
        "start": start,
        "end": end,
        "months": round(sum(share for _month, share in month_fractions(start, end)), 2),
        "plans": plans,
        "missing_years": missing_years,
        "areas": areas,
        "channels": channels,
        "authors": authors,
        "total": sum(counts.values()),
    }


def export_rows(report):
    """A header row, then one row per content area, channel and author."""
    channel_labels = [str(label) for _key, label in Channel.choices]
    yield [_("Breakdown"), _("Name"), *channel_labels, _("Published"), _("Target"), _("Percent of target")]
    for row in report["areas"]:
        target = row["target"] if row["target"] is not None else ""
        percent = row["percent"] if row["percent"] is not None else ""
        yield [_("Content area"), str(row["label"]), *row["channels"].values(), row["published"], target, percent]
    for row in report["channels"]:
        per_channel = [row["published"] if key == row["key"] else 0 for key in Channel.values]
        yield [_("Publication channel"), str(row["label"]), *per_channel, row["published"], "", ""]
    for row in report["authors"]:
        yield [_("Author"), row["label"], *row["channels"].values(), row["published"], "", ""]
