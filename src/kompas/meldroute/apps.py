from django.apps import AppConfig

from kompas.core.registry import registry


class MeldrouteConfig(AppConfig):
    name = "kompas.meldroute"
    verbose_name = "Interne meldroute"

    def ready(self):
        from kompas.meldroute.plugin import register

        registry.plug_in(self.label, register)
