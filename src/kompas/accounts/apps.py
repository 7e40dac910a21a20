from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kompas.accounts"
    verbose_name = "Gebruikers en organisaties"
