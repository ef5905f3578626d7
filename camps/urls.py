"""Camps: URLs without a language prefix: the public certificate check at /verify/<code>."""

from django.urls import path

from . import views

app_name = "camps_public"

urlpatterns = [
    path("verify/<str:code>", views.certificate_verify, name="verify"),
]
