from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("<slug:section_slug>/<slug:slug>-<id:pk>.html", views.article, name="article"),
    path("<slug:section_slug>/", views.section, name="section"),
]
