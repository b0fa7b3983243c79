from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from inspectorate.public import demo


class Command(BaseCommand):
    help = "Load the framework library, reference data and demonstration data; print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_library", stdout=self.stdout)
        call_command("load_reference", stdout=self.stdout)
        demo.ensure_demo_forces()
        logins = demo.ensure_demo_users()
        # Each app may add its own demo data in `<app>/demo.py` with `load_demo(write)`, in app order.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.startswith("inspectorate.") and config.name != "inspectorate.public":
                if importlib.util.find_spec(module_name) is not None:
                    importlib.import_module(module_name).load_demo(self.stdout.write)
        self.stdout.write("")
        self.stdout.write("Demo logins (made-up accounts for trying the system):")
        for username, password, role in logins:
            self.stdout.write(f"  {role:<24} username: {username:<18} password: {password}")
        self.stdout.write("Open http://127.0.0.1:8000 in a browser.")
