from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "planwatch.web.documents"
    label = "documents"
