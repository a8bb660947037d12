"""`python manage.py loom_user NAME --role editor [--password P] [--token]`"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from webapp.core.roles import ADMIN, ROLES


class Command(BaseCommand):
    help = "Create or update a user with a Loom role (viewer, editor, approver, admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--password", help="set this password (default: unchanged)")
        parser.add_argument("--token", action="store_true", help="print an API token")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["username"].strip():
            raise CommandError("the username must not be empty")
        user, created = User.objects.get_or_create(username=opts["username"])
        if opts["password"]:
            user.set_password(opts["password"])
        user.is_staff = user.is_superuser = opts["role"] == ADMIN
        user.save()
        for role in ROLES:
            Group.objects.get_or_create(name=role)
        user.groups.set([Group.objects.get(name=opts["role"])])
        verb = "created" if created else "updated"
        self.stdout.write(f"{verb} {user.username} with role {opts['role']}")
        if opts["token"]:
            token, _ = Token.objects.get_or_create(user=user)
            self.stdout.write(f"token: {token.key}")
