from django.urls import path

from front.views import indicators as views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("<str:number>/", views.indicator_detail, name="detail"),
    path("<str:number>/judge/", views.indicator_judge, name="judge"),
]
