from django.urls import path

from front.views import reporting as views
from front.views import reporting_audit as views_audit
from front.views import reporting_items as views_items

app_name = "reporting"

urlpatterns = [
    path("reporting/", views.period_list, name="periods"),
    path("reporting/create-quarters/", views.periods_create, name="periods_create"),
    path("reporting/<str:code>/", views.completeness, name="completeness"),
    path("reporting/<str:code>/edit/", views.period_edit, name="period_edit"),
    path("reporting/<str:code>/<str:school_code>/", views.school_period_page, name="school_period"),
    path("reporting/<str:code>/<str:school_code>/submit/", views.school_period_submit, name="submit"),
    path("reporting/<str:code>/<str:school_code>/reopen/", views.period_reopen, name="reopen"),
    path(
        "reporting/<str:code>/<str:school_code>/activity/<str:number>/",
        views_items.activity_progress_page,
        name="activity",
    ),
    path(
        "reporting/<str:code>/<str:school_code>/activity/<str:number>/evidence/",
        views_items.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "reporting/<str:code>/<str:school_code>/indicator/<str:number>/",
        views_items.indicator_value_page,
        name="indicator",
    ),
    path("files/evidence/<int:pk>/", views_items.evidence_download, name="evidence"),
    path("files/evidence/<int:pk>/delete/", views_items.evidence_delete, name="evidence_delete"),
    path("review/", views.queue, name="queue"),
    path("audit/", views_audit.audit_log, name="audit"),
    path("review/<str:kind>/<int:pk>/comment/", views_items.item_comment, name="comment"),
    path("review/<str:kind>/<int:pk>/<str:action>/", views.review_action, name="review_action"),
]
