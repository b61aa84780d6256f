from django.urls import path

from sitesearch import views

app_name = "sitesearch"

urlpatterns = [
    path("tim-kiem", views.search_page, name="search"),
    path("tim-kiem/", views.search_page),
]
