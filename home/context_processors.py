from django.conf import settings

from home.models import load_school_settings


def site_context(request):
    """Values every public template needs: the language switcher's targets are built in the tag. The
    school settings that `{{ settings.home.SchoolSettings }}` reads are those of the request's language,
    on pages and on every other view (feedback forms, error pages)."""
    load_school_settings(request)
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME}
