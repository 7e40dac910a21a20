"""The audit log keeps the indexes its searches use and drops those that only repeat them.

A record is written on every view of personal data, and each index is written with it: the
single-column indexes on actie, object_type, organisatie and user (and PostgreSQL's LIKE
twins of actie, object_type and object_id) each start a composite index already
(audit_actie_time, audit_object_time, audit_org_time, audit_user_time); object_id alone keeps
a plain index, under a name of its own: on PostgreSQL fifteen indexes become eight (with the
primary key). Written as SQL so that SQLite does not rebuild the table (a rebuild would drop
its append-only triggers, migration 0002).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OVERBODIG = [
    "audit_auditentry_actie_b4a3c6e3",
    "audit_auditentry_actie_b4a3c6e3_like",
    "audit_auditentry_object_type_00e64ac4",
    "audit_auditentry_object_type_00e64ac4_like",
    "audit_auditentry_object_id_c21697b7",
    "audit_auditentry_object_id_c21697b7_like",
    "audit_auditentry_organisatie_id_02c58747",
    "audit_auditentry_user_id_b5ee03cd",
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_identiteitsprovider"),
        ("audit", "0004_zoekindexen"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="actie",
                    field=models.CharField(
                        choices=[
                            ("view", "Bekeken"),
                            ("export", "Geëxporteerd"),
                            ("create", "Aangemaakt"),
                            ("update", "Gewijzigd"),
                            ("delete", "Verwijderd"),
                            ("login", "Ingelogd"),
                            ("login_failed", "Inloggen mislukt"),
                            ("lockout", "Account geblokkeerd"),
                            ("logout", "Uitgelogd"),
                            ("otp_verified", "Tweestapsverificatie geslaagd"),
                            ("otp_failed", "Tweestapsverificatie mislukt"),
                            ("otp_device_added", "Authenticator-app gekoppeld"),
                            ("otp_device_removed", "Authenticator-app ontkoppeld"),
                            ("role_granted", "Rol toegekend"),
                            ("role_revoked", "Rol ingetrokken"),
                            ("password_reset", "Wachtwoordherstel"),
                        ],
                        max_length=30,
                        verbose_name="actie",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="object_id",
                    field=models.CharField(blank=True, max_length=64, verbose_name="object-id"),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="object_type",
                    field=models.CharField(blank=True, max_length=100, verbose_name="soort object"),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="organisatie",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.organisatie",
                        verbose_name="namens organisatie",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f"DROP INDEX IF EXISTS {naam}" for naam in OVERBODIG],
                    reverse_sql=migrations.RunSQL.noop,
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["object_id"], name="audit_object_id"),
        ),
    ]
