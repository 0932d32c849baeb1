from django.urls import path

from planwatch.web.reports import views

app_name = "reports"
urlpatterns = [
    path("<slug:doc_id>/<int:year>.<str:fmt>", views.report_download, name="download"),
]
