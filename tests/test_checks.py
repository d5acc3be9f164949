from django.core import checks
from django.test import SimpleTestCase, override_settings

from icssi_wagtail.checks import check_base_template, check_localize, check_required_apps

from . import settings as test_settings


def ids(messages):
    return [message.id for message in messages]


def without(*apps):
    return [app for app in test_settings.INSTALLED_APPS if app not in apps]


class SystemCheckTests(SimpleTestCase):
    def test_test_site_passes_every_check(self):
        messages = checks.run_checks()
        self.assertEqual([m for m in messages if m.id.startswith("icssi_wagtail")], [])

    def test_missing_taggit(self):
        with override_settings(INSTALLED_APPS=without("taggit")):
            self.assertEqual(ids(check_required_apps()), ["icssi_wagtail.E001"])

    def test_missing_modelcluster(self):
        with override_settings(INSTALLED_APPS=without("modelcluster")):
            self.assertEqual(ids(check_required_apps()), ["icssi_wagtail.E002"])

    def test_missing_wagtail_apps(self):
        with override_settings(INSTALLED_APPS=without("wagtail.snippets", "wagtail.images")):
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
        apps = without("wagtail_localize", "wagtail_localize.locales") + ["wagtail.locales"]
        with override_settings(INSTALLED_APPS=apps, WAGTAIL_I18N_ENABLED=True):
            self.assertEqual(ids(check_localize()), ["icssi_wagtail.W001"])
        with override_settings(WAGTAIL_I18N_ENABLED=True):
            self.assertEqual(check_localize(), [])
