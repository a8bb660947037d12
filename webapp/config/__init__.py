"""Django project configuration; the Celery app is loaded with Django so tasks register."""

from webapp.config.celery_app import app as celery_app

__all__ = ["celery_app"]
