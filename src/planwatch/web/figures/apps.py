from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "planwatch.web.figures"
    label = "figures"
