from django.apps import AppConfig

from kompas.core.registry import registry


class KennisbankConfig(AppConfig):
    name = "kompas.kennisbank"
    verbose_name = "Kennisbank"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kompas.kennisbank.plugin import register

        registry.plug_in(self.label, register)
