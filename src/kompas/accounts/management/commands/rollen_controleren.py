"""``kompas rollen_controleren``: memberships that break the role table, exit code 1 if any.

A role outside ``ROLLEN_PER_ORGANISATIETYPE`` already counts for nothing (the policies and
the actor ignore it); this report tells applicatiebeheer which memberships to clean up, e.g.
the ones granted before the table existed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kompas.accounts.selectors import lidmaatschappen_buiten_tabel


class Command(BaseCommand):
    help = "Lidmaatschappen tonen waarvan de rol niet past bij het type organisatie (exitcode 1 als er één is)."

    def handle(self, *args, **options):
        fout = lidmaatschappen_buiten_tabel()
        if not fout:
            self.stdout.write(self.style.SUCCESS("Alle lidmaatschappen passen bij het type van hun organisatie."))
            return
        for m in fout:
            self.stdout.write(
                f"{m.user.username}: rol '{m.get_rol_display()}' bij {m.organisatie.naam} "
                f"({m.organisatie.get_type_display()}) past niet bij dit type organisatie"
            )
        raise CommandError(f"{len(fout)} lidmaatschap(pen) passen niet bij de rollentabel.")
