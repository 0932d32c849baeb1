from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "planwatch.web.targets"
    label = "targets"
