from django.urls import path

from planwatch.web.ministry import views

app_name = "ministry"
urlpatterns = [
    path("", views.index, name="index"),
    path("tim/", views.search_page, name="search"),
    path("chi-tieu/<slug:code>/", views.indicator_league, name="league"),
    path("chi-tieu/<slug:code>/<slug:province>/", views.province_league, name="province_league"),
    path("tinh/<slug:province>/", views.province_page, name="province"),
]
