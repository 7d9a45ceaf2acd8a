from django.urls import path

from front.views import schools as views

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="list"),
    path("<str:code>/", views.school_detail, name="detail"),
    path("<str:code>/edit/", views.school_edit, name="edit"),
]
