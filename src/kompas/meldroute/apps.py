from django.apps import AppConfig


class MeldrouteConfig(AppConfig):
    name = "kompas.meldroute"
    verbose_name = "Interne meldroute"
