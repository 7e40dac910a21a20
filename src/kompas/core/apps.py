from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kompas.core"
    verbose_name = "Kompas-basis"
