from .base import *  # noqa: F403

DEBUG = env.flag("DEBUG", True)  # noqa: F405
