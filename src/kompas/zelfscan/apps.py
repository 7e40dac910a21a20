from django.apps import AppConfig
from django.db.models.signals import post_save

from kompas.core.registry import registry


class ZelfscanConfig(AppConfig):
    name = "kompas.zelfscan"
    verbose_name = "Zelfscan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kompas.zelfscan.plugin import register
        from kompas.zelfscan.services import bij_organisatie_opgeslagen

        registry.plug_in(self.label, register)
        # an organisation that gets its account (or its code) after a regional scan was made
        # for its gemeente: point those scans at it
        post_save.connect(
            bij_organisatie_opgeslagen, sender="accounts.Organisatie", dispatch_uid="kompas_zelfscan_koppelen"
        )
