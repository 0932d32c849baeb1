from django.urls import path

from planwatch.web.uploads import views

app_name = "uploads"
urlpatterns = [
    path("", views.upload_new, name="new"),
    path("<int:pk>/", views.upload_review_page, name="review"),
    path("<int:pk>/xac-nhan/", views.upload_confirm_view, name="confirm"),
    path("<int:pk>/huy/", views.upload_discard_view, name="discard"),
    path("<int:pk>/tep-goc/", views.upload_original, name="original"),
    path("<int:pk>/van-ban/<int:index>/muc-tieu/them/", views.upload_target_add_view, name="target_add"),
    path("<int:pk>/van-ban/<int:index>/muc-tieu/<str:target_id>/", views.upload_target, name="target"),
    path(
        "<int:pk>/van-ban/<int:index>/muc-tieu/<str:target_id>/xoa/",
        views.upload_target_delete_view,
        name="target_delete",
    ),
]
