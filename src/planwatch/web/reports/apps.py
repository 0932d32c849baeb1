from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "planwatch.web.reports"
    label = "reports"
