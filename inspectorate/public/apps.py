from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "inspectorate.public"

    def ready(self) -> None:
        # The open-data downloads are kept as files per version of their data; the ORM's writes to the
        # tables they read move that version, in every process (the server's and each command's).
        from inspectorate.opendata import kept

        kept.connect()
