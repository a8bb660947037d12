#!/usr/bin/env python
"""Django's command-line entry point for the Loom web app (webapp/)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.config.settings.local")
    try:
        from django.core.management import execute_from_command_line
    except ImportError:
        sys.exit("The Loom web app is not installed yet: the engine works on its own "
                 "(`python -m graphengine --help`).")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
