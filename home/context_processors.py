from django.conf import settings


def site_context(request):
    """Values every public template needs: the language switcher's targets are built in the tag."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME}
