from django.apps import AppConfig


class ZorgConfig(AppConfig):
    name = "kompas.zorg"
    verbose_name = "Zorgcoördinatie"
