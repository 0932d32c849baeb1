from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "planwatch.web.overview"
    label = "overview"
