from django.urls import path

from planwatch.web.geography import views

app_name = "geography"
urlpatterns = [
    path("", views.unit_picker, name="picker"),
    path("<slug:code>/", views.unit_detail, name="detail"),
]
