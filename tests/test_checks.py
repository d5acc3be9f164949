from unittest import mock

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.test import SimpleTestCase, override_settings

from icssi_wagtail.checks import (
    check_base_template,
    check_countries,
    check_localize,
    check_required_apps,
    check_shared_cache,
)


def ids(messages):
    return [message.id for message in messages]


def without(*missing):
    """Pretend ``missing`` apps are not installed.

    Patching ``apps.is_installed`` rather than overriding INSTALLED_APPS avoids reloading every
    app, which Wagtail 8's API v3 does not allow twice in one process.
    """
    installed = apps.is_installed
    return mock.patch.object(
        apps, "is_installed", side_effect=lambda name: name not in missing and installed(name)
    )


class SystemCheckTests(SimpleTestCase):
    databases = {"default"}  # some of Wagtail 8's own checks read the database

    def test_test_site_passes_every_check(self):
        messages = checks.run_checks()
        self.assertEqual([m for m in messages if m.id.startswith("icssi_wagtail")], [])

    def test_missing_taggit(self):
        with without("taggit"):
            self.assertEqual(ids(check_required_apps()), ["icssi_wagtail.E001"])

    def test_missing_modelcluster(self):
        with without("modelcluster"):
            self.assertEqual(ids(check_required_apps()), ["icssi_wagtail.E002"])

    def test_missing_wagtail_apps(self):
        with without("wagtail.snippets", "wagtail.images"):
            messages = check_required_apps()
        self.assertEqual(ids(messages), ["icssi_wagtail.E003", "icssi_wagtail.E003"])
        self.assertIn("'wagtail.images'", messages[0].msg)

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "no/such/template.html"})
    def test_missing_base_template(self):
        messages = check_base_template()
        self.assertEqual(ids(messages), ["icssi_wagtail.E004"])
        self.assertIn("no/such/template.html", messages[0].msg)

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "host_base.html"})
    def test_existing_host_base_template(self):
        self.assertEqual(check_base_template(), [])

    def test_i18n_without_wagtail_localize(self):
        with without("wagtail_localize"), override_settings(WAGTAIL_I18N_ENABLED=True):
            self.assertEqual(ids(check_localize()), ["icssi_wagtail.W001"])
        with override_settings(WAGTAIL_I18N_ENABLED=True):
            self.assertEqual(check_localize(), [])

    def test_simple_translation_is_a_translation_app(self):
        """A site translating with Wagtail's simple_translation gets no W001 (issue #16)."""
        installed = apps.is_installed
        simple = mock.patch.object(
            apps,
            "is_installed",
            side_effect=lambda name: (
                name == "wagtail.contrib.simple_translation"
                or (name != "wagtail_localize" and installed(name))
            ),
        )
        with simple, override_settings(WAGTAIL_I18N_ENABLED=True):
            self.assertEqual(check_localize(), [])
        with without("wagtail_localize"), override_settings(WAGTAIL_I18N_ENABLED=True):
            messages = check_localize()
        self.assertEqual(ids(messages), ["icssi_wagtail.W001"])
        self.assertIn("wagtail.contrib.simple_translation", messages[0].hint)

    def test_translations_published_untranslated(self):
        with override_settings(WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE=True):
            self.assertEqual(ids(check_localize()), ["icssi_wagtail.W002"])
        with self.settings():
            del settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
            self.assertEqual(ids(check_localize()), ["icssi_wagtail.W002"])


class CountriesCheckTests(SimpleTestCase):
    def test_process_local_cache_is_reported_by_check_deploy(self):
        local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        shared = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://"}}
        with self.settings(CACHES=local):
            self.assertEqual(ids(check_shared_cache()), ["icssi_wagtail.W004"])
            with self.settings(ICSSI_WAGTAIL={"CACHE_ALIAS": None}):
                self.assertEqual(check_shared_cache(), [])
            with self.settings(ICSSI_WAGTAIL={"CACHE_TIMEOUT": 0}):
                self.assertEqual(check_shared_cache(), [])
        with self.settings(CACHES=shared):
            self.assertEqual(check_shared_cache(), [])
        ordinary = checks.registry.registry.get_checks(include_deployment_checks=False)
        self.assertNotIn(check_shared_cache, ordinary)
        self.assertIn(check_shared_cache, checks.registry.registry.get_checks(True))

    def test_country_names_untranslated_without_the_app(self):
        self.assertEqual(check_countries(), [])
        with without("django_countries"):
            self.assertEqual(ids(check_countries()), ["icssi_wagtail.W003"])
