from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "planwatch.web.uploads"
    label = "uploads"
