from django.apps import AppConfig


class MinistryConfig(AppConfig):
    name = "planwatch.web.ministry"
    label = "ministry"
    verbose_name = "Bộ, ngành: một nghị quyết trên các tỉnh"
