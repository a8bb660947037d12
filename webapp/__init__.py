"""The Loom web application (Django + DRF + Celery). It builds on graphengine/ and operators/."""
