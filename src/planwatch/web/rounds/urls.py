from django.urls import path

from planwatch.web.rounds import narrative_views, views

app_name = "rounds"
urlpatterns = [
    path("viec-can-lam/", views.due, name="due"),
    path("dot-bao-cao/mo/", views.round_open_view, name="open"),
    path("dot-bao-cao/<int:pk>/", views.round_detail, name="detail"),
    path("dot-bao-cao/<int:pk>/nhac/", views.remind_all, name="remind"),
    path("dot-bao-cao/<int:pk>/dot/<slug:action>/", views.round_state_action, name="round-action"),
    path(
        "dot-bao-cao/<int:pk>/don-vi/<int:sender_pk>/<slug:action>/",
        views.sender_action,
        name="sender-action",
    ),
    path("dot-bao-cao/<int:pk>/nhap/<int:sender_pk>/", views.entry, name="entry"),
    path("dot-bao-cao/<int:pk>/nhap/<int:sender_pk>/xlsx/", views.entry_xlsx, name="entry-xlsx"),
    path(
        "dot-bao-cao/<int:pk>/thuyet-minh/<int:sender_pk>/",
        narrative_views.sender_narratives,
        name="narratives",
    ),
    path(
        "dot-bao-cao/<int:pk>/bao-cao-tong-hop/", narrative_views.consolidated_narratives, name="consolidated"
    ),
]
