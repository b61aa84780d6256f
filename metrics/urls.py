from django.urls import path

from metrics import views

app_name = "metrics"

urlpatterns = [
    path("<int:pk>", views.beacon, name="beacon"),
    path("<int:pk>/count", views.view_count, name="count"),
]
