"""Camps: pages under the language prefix."""

from django.urls import path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

app_name = "camps"

urlpatterns = [
    path("camps/cohorts/<id:pk>/", views.cohort_detail, name="cohort"),
    path("camps/cohorts/<id:pk>/apply/", views.application_create, name="apply"),
    path("camps/applications/<id:pk>/edit/", views.application_edit, name="application_edit"),
    path("camps/applications/<id:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("camps/applications/<id:pk>/confirm/", views.application_confirm, name="application_confirm"),
    path(
        "camps/applications/<id:pk>/photo-consent/withdraw/",
        views.photo_consent_withdraw,
        name="photo_consent_withdraw",
    ),
    path("camps/guardian/<str:token>/", views.guardian_consent, name="guardian_consent"),
    path(
        "camps/organise/consents/<id:pk>/scan/", views.organiser_consent_scan, name="organiser_consent_scan"
    ),
    path("camps/my/", views.my_applications, name="my_applications"),
    path("camps/certificates/<str:code>.pdf", views.certificate_download, name="certificate"),
    path("camps/organise/", views.organiser_home, name="organiser_home"),
    path("camps/organise/cohorts/<id:pk>/", views.organiser_cohort, name="organiser_cohort"),
    path("camps/organise/applications/<id:pk>/", views.organiser_application, name="organiser_application"),
    path(
        "camps/organise/cohorts/<id:pk>/attendance/", views.organiser_attendance, name="organiser_attendance"
    ),
    path("camps/organise/cohorts/<id:pk>/graduate/", views.organiser_graduate, name="organiser_graduate"),
    path("camps/organise/cohorts/<id:pk>/import/", views.organiser_import, name="organiser_import"),
    path(
        "camps/organise/cohorts/<id:pk>/export/<str:what>.<str:fmt>",
        views.organiser_export,
        name="organiser_export",
    ),
]
