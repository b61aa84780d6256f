from django.urls import path

from broadcast import views

app_name = "broadcast"

urlpatterns = [
    path("video/", views.video_list, name="videos"),
    path("video/<slug:slug>-<id:pk>.html", views.clip_detail, name="clip"),
    path("chuong-trinh/<slug:slug>/", views.programme_detail, name="programme"),
    path("chuong-trinh/<slug:programme_slug>/<slug:slug>-<id:pk>.html", views.episode_detail,
         name="episode"),
]
