from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "inspectorate.programmes"
