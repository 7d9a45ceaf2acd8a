from django.urls import path

from front.views import budget as views

app_name = "budget"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("lines/<int:pk>/", views.line_detail, name="line"),
    path("spending/<int:pk>/", views.expenditure_page, name="expenditure"),
    path("spending/<int:pk>/delete/", views.expenditure_remove, name="expenditure_delete"),
    path("spending/<int:pk>/document/", views.expenditure_document, name="expenditure_document"),
    path("import/", views.import_upload, name="import"),
    path("import/template/", views.template_download, name="template"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/errors/", views.import_errors_download, name="import_errors"),
    path("import/<int:pk>/retry/", views.import_retry, name="import_retry"),
    path("settings/", views.settings_update, name="settings"),
]
