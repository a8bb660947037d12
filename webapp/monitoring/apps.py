from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "webapp.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        # Celery's failure signals: a run whose worker died or hit its hard time limit is
        # recorded as failed (in the worker's main process, which outlives the child).
        # Prometheus metrics: importing the module sets PROMETHEUS_MULTIPROC_DIR (a temporary
        # directory when unset) before anything counts, in every process; then Celery's
        # process life is wired (see metrics.py).
        from webapp.monitoring import lost, metrics  # noqa: F401

        metrics.connect_celery()
