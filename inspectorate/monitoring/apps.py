from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "inspectorate.monitoring"
    # The app label stays "performance" whatever the folder is called: migrations, tables and permissions use it.
    label = "performance"
