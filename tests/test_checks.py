from unittest import mock

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.test import SimpleTestCase, override_settings

from icssi_wagtail.checks import (
    check_app_order,
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


class AppOrderCheckTests(SimpleTestCase):
    """W007: the apps whose admin templates this app overrides must come after it."""

    def order(self, *names):
        configs = [mock.Mock(spec=["name"]) for _name in names]
        for config, name in zip(configs, names, strict=True):
            config.name = name
        return mock.patch.object(apps, "get_app_configs", return_value=configs)

    def test_the_test_settings_list_the_app_first(self):
        self.assertEqual(list(check_app_order()), [])

    def test_an_app_listed_before_this_one_is_named(self):
        with self.order("wagtail_localize", "wagtail.images", "icssi_wagtail"):
            messages = list(check_app_order())
        self.assertEqual(ids(messages), ["icssi_wagtail.W007", "icssi_wagtail.W007"])
        self.assertIn("'wagtail_localize' comes before 'icssi_wagtail'", messages[0].msg)
        self.assertIn("Move 'icssi_wagtail' above 'wagtail.images'", messages[1].hint)
        with self.order("icssi_wagtail", "wagtail_localize", "wagtail.images"):
            self.assertEqual(list(check_app_order()), [])
        with self.order("wagtail.images", "icssi_wagtail"):
            self.assertEqual(len(list(check_app_order())), 1)

    def test_grapple_before_this_app_is_named(self):
        with self.order("grapple", "icssi_wagtail"):
            messages = list(check_app_order())
        self.assertEqual(ids(messages), ["icssi_wagtail.W008"])
        self.assertIn("Move 'icssi_wagtail' above 'grapple'", messages[0].hint)
        with self.order("icssi_wagtail", "grapple"):
            self.assertEqual(list(check_app_order()), [])


def layout_messages(templates, name):
    """The base template checks of ``name`` among ``templates`` (name -> source)."""
    from django.template import Engine

    from icssi_wagtail.checks import check_layout
    from icssi_wagtail.layout import read_layout

    engine = Engine(loaders=[("django.template.loaders.locmem.Loader", templates)])
    return check_layout(name, read_layout(engine.get_template(name)))


SITE_BASE = (
    "<html><head><title>{% block page_title %}{% endblock %} | Site</title>"
    "{% block head_extra %}{% endblock %}</head>"
    "<body><header>Site</header><main>{% block main %}{% endblock %}</main></body></html>"
)


class BaseTemplateLayoutCheckTests(SimpleTestCase):
    """E005, W005, W006: the base template must place the blocks ICSSI pages fill, and the
    messages say which block to add and where (issue #16, point 2)."""

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "host_site_base.html"})
    def test_site_base_with_other_block_names_gets_the_layout_to_write(self):
        messages = check_base_template()
        self.assertEqual(
            ids(messages), ["icssi_wagtail.W005", "icssi_wagtail.E005", "icssi_wagtail.E005"]
        )
        extra_head, content = messages[1], messages[2]
        self.assertIn(
            "would lose their stylesheet, canonical link, Open Graph tags", extra_head.msg
        )
        self.assertIn("renders no block 'extra_head'", extra_head.msg)
        self.assertIn("renders no block 'content'", content.msg)
        self.assertIn(
            "Add '{% block content %}{% endblock %}' inside the site's <main> element in "
            "'host_site_base.html'",
            content.hint,
        )
        layout = (
            '{% extends "host_site_base.html" %}\n'
            "{% block page_title %}{% block title %}{% endblock %}{% endblock %}\n"
            "{% block head_extra %}{{ block.super }}{% block extra_head %}{% endblock %}"
            "{% endblock %}\n"
            "{% block main %}{% block content %}{% endblock %}{% endblock %}"
        )
        self.assertTrue(content.hint.endswith(layout), content.hint)

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "host_layout.html"})
    def test_the_suggested_layout_passes(self):
        self.assertEqual(check_base_template(), [])

    def test_bundled_and_same_named_bases_pass(self):
        for name in ("icssi_wagtail/base.html", "host_base.html", "host_head_tag_base.html"):
            with self.subTest(name), override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": name}):
                self.assertEqual(check_base_template(), [])

    def test_a_layout_block_that_fills_nothing_is_named(self):
        templates = {
            "site.html": SITE_BASE,
            "layout.html": '{% extends "site.html" %}'
            "{% block page_title %}{% block title %}{% endblock %}{% endblock %}"
            "{% block head_extra %}{% block extra_head %}{% endblock %}{% endblock %}"
            "{% block mian %}{% block content %}{% endblock %}{% endblock %}",
        }
        messages = layout_messages(templates, "layout.html")
        self.assertEqual(ids(messages), ["icssi_wagtail.E005"])
        self.assertIn("'layout.html' (which extends 'site.html') renders no block", messages[0].msg)
        self.assertIn("Its blocks 'mian', 'content' fill no block of 'site.html'.", messages[0].msg)

    def test_blocks_outside_their_element_or_twice_are_reported(self):
        templates = {
            "site.html": "<html><head><title>{% block title %}{% endblock %}</title></head>"
            "<body>{% block extra_head %}{% endblock %}"
            "<main>{% block main %}{% endblock %}</main>"
            "<aside>{% block content %}{% endblock %}</aside></body></html>",
            "layout.html": '{% extends "site.html" %}'
            "{% block main %}{% block content %}{% endblock %}{% endblock %}",
        }
        messages = layout_messages(templates, "layout.html")
        self.assertEqual(ids(messages), ["icssi_wagtail.W006", "icssi_wagtail.W006"])
        self.assertIn("renders the block 'extra_head' outside <head>.", messages[0].msg)
        self.assertIn("Move it just before </head> in 'site.html'.", messages[0].hint)
        self.assertIn("renders the block 'content' 2 times", messages[1].msg)

    def test_a_base_chosen_by_a_variable_is_not_guessed_at(self):
        templates = {"layout.html": "{% extends base %}{% block content %}{% endblock %}"}
        self.assertEqual(layout_messages(templates, "layout.html"), [])

    def test_a_base_that_cannot_be_read_is_reported(self):
        from django.template import TemplateSyntaxError

        error = TemplateSyntaxError("Invalid block tag on line 2: 'endblok'.")
        with mock.patch("icssi_wagtail.checks.get_template", side_effect=error):
            messages = check_base_template()
        self.assertEqual(ids(messages), ["icssi_wagtail.E004"])
        self.assertIn("cannot be read: Invalid block tag on line 2", messages[0].msg)
