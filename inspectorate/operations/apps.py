from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "inspectorate.operations"
    verbose_name = "operations"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
