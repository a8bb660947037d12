"""Production: every secret comes from the environment, with no default."""

from webapp.config.settings.base import *  # noqa: F403
from webapp.config.settings.base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One cache for every web process: the token-attempt counter (webapp/core/authentication.py)
# must see the failures of all of them.
# Timeouts: a hung Redis must fail a request (503), never hold a web thread.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": env("CACHE_URL", default=REDIS_URL),  # noqa: F405
                      "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
