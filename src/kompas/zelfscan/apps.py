from django.apps import AppConfig

from kompas.core.registry import registry


class ZelfscanConfig(AppConfig):
    name = "kompas.zelfscan"
    verbose_name = "Zelfscan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kompas.zelfscan.plugin import register

        registry.plug_in(self.label, register)
