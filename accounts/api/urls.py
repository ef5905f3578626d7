"""Accounts: /api/v1/ endpoints (token log-in, the caller's own account)."""

from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("auth/logout/", views.LogoutView.as_view(), name="logout"),
    path("auth/logout-all/", views.LogoutAllView.as_view(), name="logout-all"),
    path("me/", views.MeView.as_view(), name="me"),
]

API_RESOURCES = {"token": "api:token", "me": "api:me"}
