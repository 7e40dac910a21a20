from django.apps import AppConfig


class KennisbankConfig(AppConfig):
    name = "kompas.kennisbank"
    verbose_name = "Kennisbank"
    default_auto_field = "django.db.models.BigAutoField"
