from django.apps import AppConfig

from kompas.core.registry import registry


class MonitorConfig(AppConfig):
    name = "kompas.monitor"
    verbose_name = "Landelijke monitor"

    def ready(self):
        from kompas.monitor.plugin import register

        registry.plug_in(self.label, register)
