"""URL routes."""

from django.urls import URLPattern, URLResolver, path

from planwatch.web.overview.views import overview

urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview, name="overview"),
]
