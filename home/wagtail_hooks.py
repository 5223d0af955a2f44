from django.http import Http404
from wagtail import hooks

from home import demo, setup
from home.change_notes import ChangeNotesMixin


@hooks.register("before_serve_page")
def withdrawn_pages_serve_their_notice_only(page, request, serve_args, serve_kwargs):
    """A withdrawn page answers at its own address with the explanation; what else it serves
    (RoutablePageMixin sub-routes: an exam notice's .ics calendar) is gone with its content."""
    if not (isinstance(page, ChangeNotesMixin) and page.withdrawn):
        return None
    view = serve_args[0] if serve_args else serve_kwargs.get("view")
    if view is not None and getattr(view, "__name__", "") != "index_route":
        raise Http404
    return None


# The home page of a locale, for `bootstrap_site` (core/bootstrap.py); the home app's demo content.
hooks.register("site_lak_home_page", setup.home_page)
hooks.register("site_lak_demo", demo.create_demo_pages)
