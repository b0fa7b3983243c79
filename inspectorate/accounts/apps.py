from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inspectorate.accounts"
    verbose_name = "Accounts"
