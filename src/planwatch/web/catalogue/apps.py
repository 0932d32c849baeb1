from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "planwatch.web.catalogue"
    label = "catalogue"
