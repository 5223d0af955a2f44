"""Messages as a Vietnamese user reads them, for assertions on what the site and the admin show."""

from django.utils import translation


def vi(source, **params):
    """The Vietnamese translation of an English source string, with its %(name)s placeholders filled."""
    with translation.override("vi"):
        text = translation.gettext(source)
    return text % params if params else text
