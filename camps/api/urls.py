"""Camps: /api/v1/ endpoints."""

from django.urls import path

from core import converters  # noqa: F401  (registers the <id:...> path converter)

from . import views

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="camps-programmes"),
    path("cohorts/", views.CohortListView.as_view(), name="camps-cohorts"),
    path("cohorts/<id:pk>/", views.CohortDetailView.as_view(), name="camps-cohort"),
    path(
        "cohorts/<id:pk>/applications/",
        views.CohortApplicationCreateView.as_view(),
        name="camps-cohort-applications",
    ),
    path("cohorts/<id:pk>/attendance/", views.CohortAttendanceView.as_view(), name="camps-cohort-attendance"),
    path("cohorts/<id:pk>/graduate/", views.CohortGraduateView.as_view(), name="camps-cohort-graduate"),
    path("applications/", views.ApplicationListView.as_view(), name="camps-applications"),
    path("applications/<id:pk>/", views.ApplicationDetailView.as_view(), name="camps-application"),
    path(
        "applications/<id:pk>/decision/",
        views.ApplicationDecisionView.as_view(),
        name="camps-application-decision",
    ),
    path(
        "applications/<id:pk>/withdraw/",
        views.ApplicationWithdrawView.as_view(),
        name="camps-application-withdraw",
    ),
    path(
        "applications/<id:pk>/guardian-link/",
        views.ApplicationGuardianLinkView.as_view(),
        name="camps-application-guardian-link",
    ),
    path(
        "applications/<id:pk>/paper-consent/",
        views.ApplicationPaperConsentView.as_view(),
        name="camps-application-paper-consent",
    ),
    path(
        "applications/<id:pk>/confirm/",
        views.ApplicationConfirmView.as_view(),
        name="camps-application-confirm",
    ),
]

API_RESOURCES = {
    "programmes": "api:camps-programmes",
    "cohorts": "api:camps-cohorts",
    "applications": "api:camps-applications",
}
