"""Developer machines and `make run`: debug on, SQLite unless DATABASE_URL is set."""

from webapp.config.settings.base import *  # noqa: F403
from webapp.config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
