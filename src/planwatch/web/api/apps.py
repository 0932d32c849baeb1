from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "planwatch.web.api"
    label = "api"

    def ready(self) -> None:
        # Registers the bearer scheme with drf-spectacular before the first schema is generated.
        from planwatch.web.api import authentication  # noqa: F401
