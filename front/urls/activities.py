from django.urls import path

from front.views import activities as views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("<str:number>/", views.activity_detail, name="detail"),
]
