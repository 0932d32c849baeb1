from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "planwatch.web.geography"
    label = "geography"
