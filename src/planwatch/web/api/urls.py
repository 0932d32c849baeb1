"""``/api/``: version 1 of the API and its OpenAPI schema.

Every view here is reached with a token alone, without a session: ``login_not_required`` lets it past
LoginRequiredMiddleware, and the token authentication and IsAuthenticated of settings.REST_FRAMEWORK
guard it instead (401 without a valid token), the schema included.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from planwatch.web.api import apis, rounds

app_name = "api"
urlpatterns = [
    path("schema/", login_not_required(apis.SchemaApi.as_view()), name="schema"),
    path("v1/documents/", login_not_required(apis.DocumentListApi.as_view()), name="documents"),
    path("v1/indicators/", login_not_required(apis.IndicatorListApi.as_view()), name="indicators"),
    path("v1/rollups/", login_not_required(apis.RollupListApi.as_view()), name="rollups"),
    path("v1/targets/", login_not_required(apis.TargetListApi.as_view()), name="targets"),
    path("v1/evaluations/", login_not_required(apis.EvaluationListApi.as_view()), name="evaluations"),
    path("v1/values/", login_not_required(apis.ValueImportApi.as_view()), name="values"),
    path("v1/rounds/", login_not_required(rounds.RoundOpenApi.as_view()), name="rounds"),
    path("v1/rounds/<int:pk>/", login_not_required(rounds.RoundDetailApi.as_view()), name="round"),
    path(
        "v1/rounds/<int:pk>/submit/", login_not_required(rounds.RoundSubmitApi.as_view()), name="round-submit"
    ),
    path("v1/rounds/<int:pk>/close/", login_not_required(rounds.RoundCloseApi.as_view()), name="round-close"),
    path(
        "v1/rounds/<int:pk>/resume/", login_not_required(rounds.RoundResumeApi.as_view()), name="round-resume"
    ),
]
