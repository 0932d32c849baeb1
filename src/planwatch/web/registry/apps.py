from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "planwatch.web.registry"
    label = "registry"
