from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "kompas.monitor"
    verbose_name = "Landelijke monitor"
