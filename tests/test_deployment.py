"""The production shape in docker-compose.yml (no Docker engine here: checked as data)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_has_every_service_with_health_checks() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "worker-batch", "beat",
            "migrate"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "worker-batch", "beat"):
        assert "test" in services[name]["healthcheck"], name
    for name in ("web", "worker", "worker-batch", "beat"):
        assert services[name]["env_file"] == ".env"
        assert services[name]["depends_on"]["migrate"]["condition"] == \
            "service_completed_successfully"
    assert "gunicorn" in services["web"]["command"]
    assert "-Q serving " in " ".join(services["worker"]["command"])
    assert services["worker-batch"]["command"][4:6] == ["-Q", "default"]


def test_env_example_names_every_production_secret() -> None:
    example = (ROOT / ".env.example").read_text()
    production = (ROOT / "webapp" / "config" / "settings" / "production.py").read_text()
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"):
        assert f'env("{name}")' in production or f'env.list("{name}")' in production \
            or f'env.db("{name}")' in production
        assert f"{name}=" in example


def test_the_image_carries_the_built_editor() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "npm run build" in dockerfile
    assert "COPY --from=frontend /frontend/dist frontend/dist" in dockerfile
