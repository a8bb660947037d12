"""The production shape in docker-compose.yml: checked as data, and by `docker-compose config`
(Debian's docker-compose, which `make test` installs; no Docker engine is needed)."""

import shutil
import subprocess
from pathlib import Path

import pytest
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


def test_every_service_is_health_checked_or_a_one_shot() -> None:
    """A long-running service has a health check (compose waits on it, and restarts or
    reports it when it fails); a one-shot step such as `migrate` runs to completion and
    exits, so a health check would mean nothing: it says `restart: "no"` instead and the
    services after it wait for `service_completed_successfully`."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    one_shots = set()
    for name, service in services.items():
        if service.get("restart") == "no":
            one_shots.add(name)
            assert "healthcheck" not in service, name
        else:
            check = service.get("healthcheck", {})
            assert check.get("test") and not check.get("disable"), f"{name}: no health check"
    assert one_shots == {"migrate"}
    for name, service in services.items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            expected = ("service_completed_successfully" if dependency in one_shots
                        else "service_healthy")
            assert condition["condition"] == expected, (name, dependency)


def _compose_command() -> list[str] | None:
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, text=True,
                               timeout=30)
        if probe.returncode == 0:
            return command
    return None


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("no Docker Compose here (`docker compose version` fails and there is no "
                    "docker-compose): the file is checked as data above")
    # As a user starts it: the compose file beside a .env copied from .env.example.
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run([*command, "config", "--quiet"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_readme_documents_scale_out_and_the_production_checklist() -> None:
    readme = (ROOT / "README.md").read_text()
    production = readme[readme.index("### Production shape"):]
    assert "--scale worker=" in production
    for setting in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
                    "SESSION_COOKIE_SECURE", "LOOM_PROXY_COUNT", "LOOM_SECRET_ENV_PREFIXES",
                    "LOOM_LOGIN_FAILURE_LIMIT", "Content-Security-Policy"):
        assert setting in production, setting
