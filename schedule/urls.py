from django.urls import path, re_path

from schedule import views

app_name = "schedule"

urlpatterns = [
    path("lich-phat-song/", views.index, name="index"),
    path("lich-phat-song/xmltv.xml", views.xmltv_export, name="xmltv"),
    path("lich-phat-song/<slug:kenh>/", views.channel_today, name="channel"),
    re_path(r"^lich-phat-song/(?P<kenh>[-a-zA-Z0-9_]+)/(?P<ngay>[0-9]{4}-[0-9]{2}-[0-9]{2})/$",
            views.channel_day, name="day"),
]
