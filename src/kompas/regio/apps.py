from django.apps import AppConfig


class RegioConfig(AppConfig):
    name = "kompas.regio"
    verbose_name = "Regio en referentiedata"
