from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "planwatch.web.agencies"
    label = "agencies"
