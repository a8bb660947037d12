from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "webapp.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        # Celery's failure signals: a run whose worker died or hit its hard time limit is
        # recorded as failed (in the worker's main process, which outlives the child).
        from webapp.monitoring import lost  # noqa: F401
