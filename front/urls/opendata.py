from django.urls import path

from front.views import opendata as views
from front.views import public

app_name = "opendata"

urlpatterns = [
    path("public/<slug:municipality>/", public.progress_page, {"language": "lt"}, name="public"),
    path("public/<slug:municipality>/en/", public.progress_page, {"language": "en"}, name="public_en"),
    path("public/<slug:municipality>/data/datapackage.json", public.datapackage, name="datapackage"),
    path("public/<slug:municipality>/data/<slug:resource>.<str:fmt>", public.resource_download, name="resource"),
    path("<slug:municipality>/api-keys/", views.token_list, name="tokens"),
    path("<slug:municipality>/api-keys/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("<slug:municipality>/publishing/", views.publication_edit, name="publication"),
]
