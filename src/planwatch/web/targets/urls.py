from django.urls import path

from planwatch.web.targets import views

app_name = "targets"
urlpatterns = [
    path("<int:pk>/", views.target_detail, name="detail"),
    path("<int:pk>/so-lieu/", views.target_figures_edit, name="edit"),
    path("<int:pk>/de-nghi/<int:change_pk>/", views.target_change_decide, name="change_decide"),
]
