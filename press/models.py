"""The press app's models: the register (press.register) and the press page (press.pages)."""

from press.pages import PressPage  # noqa: F401
from press.register import AuthorisedSpeaker, PressCoverage, PressEnquiry  # noqa: F401
