"""The search index: an FTS5 table on SQLite, a GIN index on the tsvector on PostgreSQL."""

from django.db import migrations


def aanmaken(apps, schema_editor):
    from kompas.kennisbank.zoeken import fts_aanmaken

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS kennisbank_artikel_zoekvector_gin ON kennisbank_artikel USING GIN (zoekvector)")
    else:
        fts_aanmaken(schema_editor)


def verwijderen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS kennisbank_artikel_zoekvector_gin")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS kennisbank_zoekindex")


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0001_initial")]
    operations = [migrations.RunPython(aanmaken, verwijderen)]
