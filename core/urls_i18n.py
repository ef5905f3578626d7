"""Core: pages under the language prefix."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("account/data/", views.account_data, name="account_data"),
    path("account/data/export.json", views.account_data_export, name="account_data_export"),
    path("account/data/erase/", views.account_data_erase, name="account_data_erase"),
]
