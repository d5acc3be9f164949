"""URLs a host includes, for example inside ``i18n_patterns`` so that search runs in each
language: ``path("search/", include("icssi_wagtail.urls"))``."""

from django.urls import path

from . import views

app_name = "icssi_wagtail"

urlpatterns = [
    path("", views.search, name="search"),
]
