"""URL routes."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from planwatch.web.overview.views import overview

urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview, name="overview"),
    path("", include("planwatch.web.accounts.urls")),
    path("van-ban/", include("planwatch.web.documents.urls")),
    path("muc-tieu/", include("planwatch.web.targets.urls")),
    path("don-vi/", include("planwatch.web.geography.urls")),
    path("bo-nganh/", include("planwatch.web.ministry.urls")),
    path("tai-len/", include("planwatch.web.uploads.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/", include("planwatch.web.api.urls")),
    path("reports/", include("planwatch.web.reports.urls")),
    path("bao-ve-du-lieu/", include("planwatch.web.privacy.urls")),
    path("", include("planwatch.web.rounds.urls")),
    path("an-sinh/", include("planwatch.web.registry.urls")),
]

# A write that waited too long for the database is a 503 with Retry-After wherever it was raised.
handler500 = "planwatch.web.busy.server_error"
handler404 = "planwatch.web.errors.page_not_found"
handler403 = "planwatch.web.errors.permission_denied"
