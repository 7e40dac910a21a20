from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kompas.core import keuzelabels  # noqa: F401 - connected before any model class is prepared
from kompas.core.registry import NavItem, registry


class CoreConfig(AppConfig):
    name = "kompas.core"
    verbose_name = "Kompas-basis"

    def ready(self):
        registry.plug_in(self.label, lambda r: r.add_navigation(NavItem(10, _("Overzicht"), "core:dashboard")))
