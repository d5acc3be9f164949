"""URLs a host includes, for example inside ``i18n_patterns`` so that search runs in each
language: ``path("search/", include("icssi_wagtail.urls"))``.

``language/`` is the language switcher's way to change language on a site without
``i18n_patterns`` (see ``views.switch_language``)."""

from django.urls import path

from . import views

app_name = "icssi_wagtail"

urlpatterns = [
    path("", views.search, name="search"),
    path("language/", views.switch_language, name="language"),
]
