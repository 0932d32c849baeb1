from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "planwatch.web.privacy"
    label = "privacy"
