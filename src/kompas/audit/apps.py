from django.apps import AppConfig
from django.db.backends.signals import connection_created

from kompas.core.registry import registry


class AuditConfig(AppConfig):
    name = "kompas.audit"
    verbose_name = "Auditlog"

    def ready(self):
        from kompas.audit.maintenance import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="kompas_audit_sqlite_function")
        from kompas.audit.plugin import register

        registry.plug_in(self.label, register)
        # a page kept in memory writes its audit records again on every view
        from kompas.audit.services import audit_herhalen
        from kompas.core import paginacache

        paginacache.herhaler_zetten(audit_herhalen)
