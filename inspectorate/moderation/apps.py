from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "inspectorate.moderation"
    verbose_name = "Moderation"
