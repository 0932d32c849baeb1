from django.urls import path

from planwatch.web.accounts import views

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout, name="logout"),
]
