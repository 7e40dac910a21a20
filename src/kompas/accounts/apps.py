from django.apps import AppConfig

from kompas.core.registry import registry


class AccountsConfig(AppConfig):
    name = "kompas.accounts"
    verbose_name = "Gebruikers en organisaties"

    def ready(self):
        from kompas.accounts import authcache  # noqa: F401 - connects the version bumps
        from kompas.accounts.plugin import register

        registry.plug_in(self.label, register)
