"""`python manage.py loom_demo`: load the demo catalogue, scene and users."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from webapp.scenes.demo import load_demo


class Command(BaseCommand):
    help = "Load the synthetic catalogue into Redis and the home_feed scene and demo users."

    def handle(self, *args: Any, **opts: Any) -> None:
        out = load_demo()
        c = out["catalogue"]
        self.stdout.write(f"loaded {c['items']} items and {c['users']} users into Redis; "
                          f"scene {out['scene']} serves version {out['version']}")
        self.stdout.write("demo logins (password " + out["password"] + "): "
                          + ", ".join(out["users"]))
