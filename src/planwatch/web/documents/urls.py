from django.urls import path

from planwatch.web.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("<slug:doc_id>/", views.document_detail, name="detail"),
]
