from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "planwatch.web.rounds"
    label = "rounds"
