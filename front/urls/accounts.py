from django.urls import path

from front.views import accounts as views
from front.views import help as views_help
from front.views import notifications as views_notifications

app_name = "accounts"

urlpatterns = [
    path("accounts/invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:municipality>/users/", views.user_list, name="user_list"),
    path("<slug:municipality>/users/invite/", views.user_invite, name="user_invite"),
    path("<slug:municipality>/users/<int:pk>/", views.user_edit, name="user_edit"),
    path("<slug:municipality>/users/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("<slug:municipality>/notifications/", views_notifications.notification_list, name="notifications"),
    path("<slug:municipality>/notifications/read/", views_notifications.notifications_read, name="notifications_read"),
    path("<slug:municipality>/help/", views_help.help_page, name="help"),
]
