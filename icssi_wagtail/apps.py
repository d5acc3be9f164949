"""The app's configuration. ``ready()`` wires the layers that present the models to them.

The models know nothing of the API, GraphQL or the admin (tests/test_import_graph.py): once
every model is loaded, ``ready()`` gives their ``APIField`` objects their serializers
(``api.model_fields``), sets ``graphql_fields`` (``graphql``) and the admin forms
(``admin.forms``). Wagtail, DRF and grapple read those attributes only after ``ready()``.
The imports below are in ``ready()`` because these layers import the models, which Django
loads after this module.
"""

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class IcssiWagtailAppConfig(AppConfig):
    name = "icssi_wagtail"
    label = "icssi_wagtail"
    verbose_name = _("ICSSI")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            cache,
            checks,  # noqa: F401  (registers the system checks)
            graphql,
            listing,
            request_memo,
            safety,
        )
        from .admin import forms
        from .api import model_fields

        model_fields.attach_serializers()
        graphql.attach_fields()
        forms.attach_form_classes()
        listing.register_signal_handlers()
        safety.register_signal_handlers()
        request_memo.register_signal_handlers()
        cache.connect_signals()
        from .registration import moderation

        moderation.register_signal_handlers()  # the submitters' e-mails on a decision
        if apps.is_installed("wagtail_localize"):
            from . import localize_guard  # only with wagtail-localize: it imports it

            localize_guard.install()
        if apps.is_installed("grapple"):
            graphql.register_block_types()
