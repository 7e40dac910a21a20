from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kompas.core import keuzelabels  # noqa: F401 - connected before any model class is prepared
from kompas.core.registry import NavItem, registry


class CoreConfig(AppConfig):
    name = "kompas.core"
    verbose_name = "Kompas-basis"

    def ready(self):
        from datetime import time

        from django.db.models.signals import post_migrate

        from kompas.core import gegevensversie
        from kompas.core.scheduler import Periodiek

        def register(r):
            r.add_navigation(NavItem(10, _("Overzicht"), "core:dashboard"))
            r.add_periodic_task(
                Periodiek("core.gegevensversie", "kompas.core.jobs.gegevensversie_opschonen", time(4, 30))
            )

        registry.plug_in(self.label, register)
        # after every migrate: each domain table, also a new one, gets its version trigger
        post_migrate.connect(gegevensversie.na_migratie, sender=self, dispatch_uid="kompas.gegevensversie")
