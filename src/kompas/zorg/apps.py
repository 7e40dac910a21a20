from django.apps import AppConfig

from kompas.core.registry import registry


class ZorgConfig(AppConfig):
    name = "kompas.zorg"
    verbose_name = "Zorgcoördinatie"

    def ready(self):
        from kompas.zorg.plugin import register

        registry.plug_in(self.label, register)
