"""Django's ``flush``, allowed to empty the append-only audit table (dev and test only)."""

from django.core.management.commands.flush import Command as FlushCommand

from kompas.audit.maintenance import audit_maintenance


class Command(FlushCommand):
    def handle(self, **options):
        with audit_maintenance("flush: de hele database wordt geleegd", using=options["database"]):
            return super().handle(**options)
