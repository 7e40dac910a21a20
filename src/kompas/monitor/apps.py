from django.apps import AppConfig
from django.db.models.signals import post_save

from kompas.core.registry import registry


class MonitorConfig(AppConfig):
    name = "kompas.monitor"
    verbose_name = "Landelijke monitor"

    def ready(self):
        from kompas.monitor.deelnemers import bij_organisatie_opgeslagen
        from kompas.monitor.plugin import register

        registry.plug_in(self.label, register)
        # an organisation that gets its account (or its code) after a wave was prepared or
        # imported: point the invitations and submissions with its code at it
        post_save.connect(
            bij_organisatie_opgeslagen, sender="accounts.Organisatie", dispatch_uid="kompas_monitor_koppelen"
        )
