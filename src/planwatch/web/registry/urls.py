from django.urls import path

from planwatch.web.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("mau-danh-sach-ho.xlsx", views.template_xlsx, name="template"),
    path("xa/<slug:code>/", views.commune, name="commune"),
    path("xa/<slug:code>/ho/<int:pk>/", views.household, name="household"),
    path("xa/<slug:code>/nhap/", views.import_view, name="import"),
    path("xa/<slug:code>/danh-sach-ho.xlsx", views.export_xlsx, name="export"),
    path("xa/<slug:code>/ra-soat/<int:year>/ra-soat.xlsx", views.review_xlsx, name="review-xlsx"),
    path("xa/<slug:code>/gop/", views.merge, name="merge"),
    path("xa/<slug:code>/ra-soat/", views.review_open, name="review-open"),
    path("xa/<slug:code>/ra-soat/<int:year>/", views.review, name="review"),
    path("xa/<slug:code>/chi-tra/<str:month>/", views.cycle, name="cycle"),
]
