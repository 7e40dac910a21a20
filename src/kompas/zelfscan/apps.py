from django.apps import AppConfig


class ZelfscanConfig(AppConfig):
    name = "kompas.zelfscan"
    verbose_name = "Zelfscan"
    default_auto_field = "django.db.models.BigAutoField"
