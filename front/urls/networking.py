from django.urls import path

from front.views import networking as views

app_name = "networking"

urlpatterns = [
    path("events/", views.event_list, name="events"),
    path("events/new/<str:school_code>/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_page, name="event"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
]
