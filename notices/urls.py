from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("thong-bao/", views.announcement_list, name="announcements"),
    path("thong-bao/<slug:slug>-<id:pk>.html", views.announcement_detail, name="announcement"),
    path("van-ban/", views.document_list, name="documents"),
    path("van-ban/<slug:slug>-<id:pk>.html", views.document_detail, name="document"),
]
