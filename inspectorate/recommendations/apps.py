from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "inspectorate.recommendations"
    # The app label stays "followup" whatever the folder is called: migrations, tables and permissions use it.
    label = "followup"
