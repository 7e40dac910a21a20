from django.apps import AppConfig

from kompas.core.registry import registry


class RegioConfig(AppConfig):
    name = "kompas.regio"
    verbose_name = "Regio en referentiedata"

    def ready(self):
        from kompas.regio.plugin import register

        registry.plug_in(self.label, register)
