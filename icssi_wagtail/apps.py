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
            request_cache,
            safety,
            signal_handlers,
        )
        from .models import activities

        activities.register_signal_handlers()
        safety.register_signal_handlers()
        request_cache.register_signal_handlers()
        cache.register_signal_handlers()
        if apps.is_installed("wagtail.contrib.frontend_cache"):
            signal_handlers.register_signal_handlers()
        if apps.is_installed("wagtail_localize"):
            from . import localize_guard

            localize_guard.install()
        if apps.is_installed("grapple"):
            from . import graphql

            graphql.register_block_types()
