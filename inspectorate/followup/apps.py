from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "inspectorate.followup"
