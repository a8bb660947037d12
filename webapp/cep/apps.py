from importlib.metadata import entry_points

from django.apps import AppConfig

ENTRY_POINT = "webapp.cep.operators"


class CepConfig(AppConfig):
    name = "webapp.cep"
    label = "cep"
    verbose_name = "CEP rules"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The rule operators come through the `loom.operators` entry point (pyproject.toml).
        # A virtualenv installed before it existed (no `pip install -e .` since) does not
        # list it, and every rule graph would be invalid: publish them directly then.
        if any(ep.value == ENTRY_POINT for ep in entry_points(group="loom.operators")):
            return
        from operators import register
        from webapp.cep import operators

        for cls in (*operators.PATTERNS, *operators.ACTIONS):
            register(cls)
