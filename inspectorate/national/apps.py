from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "inspectorate.national"
    # The app label stays "programmes" whatever the folder is called: migrations, tables and permissions use it.
    label = "programmes"
