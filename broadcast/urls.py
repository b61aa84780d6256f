from django.urls import path

from broadcast import views

app_name = "broadcast"

urlpatterns = [
    path("video/", views.clip_list, name="clips"),
    path("video/<slug:slug>-<int:pk>.html", views.clip_detail, name="clip"),
]
