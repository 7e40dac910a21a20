"""The append-only audit log.

Rows are only ever inserted. The model refuses updates and deletes, its queryset refuses
bulk updates and deletes, the admin is read-only, and a database trigger (see migration
0002) rejects UPDATE and DELETE on both SQLite and PostgreSQL, so not even a raw query
through the application's connection can rewrite history. The one sanctioned deletion is
the audit log's own retention period (:func:`kompas.audit.services.audit_bewaartermijn_handhaven`),
which records every run in :class:`AuditOpschoning`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.fields.json import HasKey
from django.utils.translation import gettext_lazy as _

from kompas.audit.constants import OVERRIDE_DETAIL, SECURITY_ACTIONS, Actie  # noqa: F401 - re-exported


class AuditImmutableError(Exception):
    """Raised when anything tries to change or delete an audit record."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Het auditlog kan niet worden gewijzigd.")

    def delete(self):
        raise AuditImmutableError("Het auditlog kan niet worden verwijderd.")

    def bulk_update(self, *args, **kwargs):
        raise AuditImmutableError("Het auditlog kan niet worden gewijzigd.")

    update_or_create = update


class HeeftDetail(models.Func):
    """``details`` has the key ``sleutel`` (a constant of this module, never user input),
    written with the key as a literal in the SQL: a partial index on that condition then
    serves the query on SQLite too, where ``details__has_key`` binds the key as a parameter
    and the planner cannot see that the index applies."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, sleutel: str, **extra):
        if not sleutel.replace("_", "").isalnum():
            raise ValueError(f"ongeldige sleutel {sleutel!r}")
        self.sleutel = sleutel
        super().__init__(models.F("details"), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        veld, params = compiler.compile(self.source_expressions[0])
        return f"JSON_TYPE({veld}, '$.\"{self.sleutel}\"') IS NOT NULL", params

    def as_postgresql(self, compiler, connection, **extra):
        veld, params = compiler.compile(self.source_expressions[0])
        return f"({veld} ? '{self.sleutel}')", params

    def as_sql(self, compiler, connection, **extra):
        return HasKey(self.source_expressions[0], self.sleutel).as_sql(compiler, connection)

    def deconstruct(self):
        return "kompas.audit.models.HeeftDetail", (self.sleutel,), {}


class AuditEntry(models.Model):
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    # The actor: kept as a reference *and* as text, so the record survives the user's removal.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # audit_user_time starts with it
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    user_repr = models.CharField(_("gebruiker (tekst)"), max_length=300, blank=True)
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # audit_org_time starts with it
        related_name="+",
        verbose_name=_("namens organisatie"),
    )
    organisatie_repr = models.CharField(_("organisatie (tekst)"), max_length=300, blank=True)
    # no index of their own: a record is written on every view of personal data, and each index
    # is written with it; the composite indexes below start with these columns
    actie = models.CharField(_("actie"), max_length=30, choices=Actie.choices)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    doel = models.CharField(_("doel"), max_length=500, blank=True)
    ip_adres = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-tijdstip", "-id"]
        default_permissions = ("view",)
        # the privacy officer's searches (kompas.audit.selectors.audit_search): by organisation
        # and period, by user, by object; newest first, as the list shows them
        indexes = [
            models.Index(fields=["organisatie", "-tijdstip"], name="audit_org_time"),
            models.Index(fields=["user", "-tijdstip"], name="audit_user_time"),
            models.Index(fields=["object_type", "object_id", "-tijdstip"], name="audit_object_time"),
            # an object's id searched without its kind (a plain index: no LIKE searches on it)
            models.Index(fields=["object_id"], name="audit_object_id"),
            # by action, newest first without sorting every row of that action
            models.Index(fields=["actie", "-tijdstip", "-id"], name="audit_actie_time"),
            # the shares without consent (a few among millions): counted on every visit of the list
            models.Index(
                fields=["organisatie", "-tijdstip"],
                condition=models.Q(HeeftDetail(OVERRIDE_DETAIL)),
                name="audit_override_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.user_repr} {self.get_actie_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AuditImmutableError("Een auditregel kan na het schrijven niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Een auditregel kan niet worden verwijderd.")

    @property
    def object_soort(self) -> str:
        """What kind of object, in words ("Signaal"), from the model's name; else as stored."""
        from django.apps import apps

        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return self.object_type
        return str(model._meta.verbose_name).capitalize()


class AuditOpschoning(models.Model):
    """One run of the audit log's retention job: how many rows it removed and what is left."""

    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"), auto_now_add=True)
    bewaartermijn_maanden = models.PositiveSmallIntegerField(_("bewaartermijn (maanden)"))
    grens = models.DateTimeField(_("verwijderd wat ouder is dan"))
    verwijderd = models.PositiveBigIntegerField(_("aantal verwijderde regels"), default=0)
    oudste_bewaard = models.DateTimeField(_("oudste bewaarde regel"), null=True, blank=True)

    class Meta:
        verbose_name = _("opschoning auditlog")
        verbose_name_plural = _("opschoningen auditlog")
        ordering = ["-uitgevoerd_op", "-id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.uitgevoerd_op:%Y-%m-%d %H:%M}: {self.verwijderd} verwijderd"
