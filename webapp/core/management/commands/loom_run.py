"""`python manage.py loom_run`: the whole app on one machine — Redis (embedded unless
REDIS_URL is set), migrations, the demo, a Celery worker, beat and the web server.
Ctrl-C stops them all."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from operators.demo.redis_server import EmbeddedRedis


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


class Command(BaseCommand):
    help = "Run Loom locally: Redis, worker, beat and web, with the demo loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("LOOM_PORT", 8000)))
        parser.add_argument("--no-demo", action="store_true", help="skip loading the demo")

    def handle(self, *args: Any, **opts: Any) -> None:
        def stop_on_term(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt  # SIGTERM also stops the children and Redis cleanly

        signal.signal(signal.SIGTERM, stop_on_term)
        with contextlib.ExitStack() as stack:
            redis_url = os.environ.get("REDIS_URL")
            if not redis_url:
                redis_url = stack.enter_context(EmbeddedRedis()).url
                self.stdout.write(f"embedded Redis at {redis_url}")
            settings.REDIS_URL = redis_url
            env = {**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"}
            call_command("migrate", verbosity=0)
            if not opts["no_demo"]:
                call_command("loom_demo")
            port = opts["port"]
            if not _port_free(port):
                raise SystemExit(f"port {port} is taken: set LOOM_PORT or --port")
            build = Path(settings.BASE_DIR) / "build"
            build.mkdir(exist_ok=True)
            python = sys.executable
            procs = {
                "worker": [python, "-m", "celery", "-A", "webapp.config", "worker", "-Q",
                           # prefork, a child per CPU: measured in BENCHMARKS.md
                           "serving,default", "-c", str(os.cpu_count() or 2), "-l", "INFO",
                           "--without-gossip", "--without-mingle"],
                "beat": [python, "-m", "celery", "-A", "webapp.config", "beat", "-l", "INFO",
                         "-s", str(build / "celerybeat-schedule")],
                "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            }
            # Worker and beat never need DEBUG, whose per-connection query log grows a
            # long-running worker by kilobytes per request (BENCHMARKS.md "Load").
            quiet = {**env, "DJANGO_DEBUG": "0"}
            running = {name: subprocess.Popen(cmd, env=env if name == "web" else quiet,
                                              cwd=settings.BASE_DIR)
                       for name, cmd in procs.items()}
            stack.callback(self._stop, running)
            self.stdout.write(self.style.SUCCESS(
                f"\nLoom is up: http://127.0.0.1:{port}/   (API docs: /api/docs/, "
                "admin: /admin/)\n"
                "Demo logins (password loom-demo): admin, editor, approver, viewer\n"
                "Ctrl-C stops everything."))
            try:
                while all(p.poll() is None for p in running.values()):
                    time.sleep(0.5)
                dead = [n for n, p in running.items() if p.poll() is not None]
                self.stderr.write(f"{', '.join(dead)} stopped; shutting down")
            except KeyboardInterrupt:
                self.stdout.write("\nstopping...")

    def _stop(self, running: dict[str, subprocess.Popen[bytes]]) -> None:
        for proc in running.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in running.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
