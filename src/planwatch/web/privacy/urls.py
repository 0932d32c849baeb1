from django.urls import path

from planwatch.web.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.access_log_page, name="log"),
    path("xuat/", views.access_log_export, name="export"),
    path("su-co/", views.incident_new, name="incident-new"),
    path("su-co/<int:pk>/da-thong-bao/", views.incident_notified, name="incident-notified"),
]
