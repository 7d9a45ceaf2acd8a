from django.urls import path

from front.views import plans as views

app_name = "plans"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("notes/", views.data_notes, name="data_notes"),
    path("export/", views.export, name="export"),
    path("import/", views.import_file, name="import"),
    path("versions/", views.versions, name="versions"),
]
