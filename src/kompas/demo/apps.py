from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kompas.demo"
    verbose_name = "Demo"
