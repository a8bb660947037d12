from django.apps import AppConfig


class ScenesConfig(AppConfig):
    name = "webapp.scenes"
    label = "scenes"
    verbose_name = "Scenes"
