from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "inspectorate.backups"
    verbose_name = "Backups"
