"""``prepared.fetch``: a lookup's SQL is written once per key and database, its values bound at
each call, and every call reads the database."""

from unittest import mock

from django.db.models.sql.compiler import SQLCompiler
from django.test import TestCase
from wagtail.models import Locale, Page

from icssi_wagtail import prepared
from icssi_wagtail.models import Organisation


class FetchTests(TestCase):
    def setUp(self):
        prepared.forget()
        self.addCleanup(prepared.forget)
        self.locale = Locale.get_default()
        self.organisations = [
            Organisation.objects.create(name=name, locale=self.locale)
            for name in ("Iraqi Social Forum", "PDAP", "Tunisian Forum")
        ]

    def fetch_named(self, pk):
        return prepared.fetch(
            Organisation,
            ("test-organisation",),
            lambda pk: Organisation.objects.filter(pk=pk),
            pk=pk,
        )

    def test_finds_what_the_queryset_finds_with_each_value_bound(self):
        for organisation in self.organisations:
            with self.subTest(organisation=organisation.name):
                (found,) = self.fetch_named(organisation.pk)
                self.assertEqual(organisation.pk, found.pk)
                self.assertEqual(organisation.name, found.name)
                self.assertEqual(organisation.translation_key, found.translation_key)

    def test_writes_the_sql_once_per_key_and_reads_the_database_each_call(self):
        written = []
        as_sql = SQLCompiler.as_sql

        def counted(compiler, *args, **kwargs):
            written.append(compiler)
            return as_sql(compiler, *args, **kwargs)

        with mock.patch.object(SQLCompiler, "as_sql", counted), self.assertNumQueries(3):
            for organisation in self.organisations:
                self.fetch_named(organisation.pk)
        self.assertEqual(1, len(written))
        Organisation.objects.filter(pk=self.organisations[0].pk).update(name="Renamed")
        self.assertEqual("Renamed", self.fetch_named(self.organisations[0].pk)[0].name)

    def test_converts_fields_and_keeps_annotations_as_a_queryset_does(self):
        root = Page.objects.get(depth=1)
        (page,) = prepared.fetch(
            Page,
            ("test-page",),
            lambda pk: Page.objects.filter(pk=pk).extra(select={"double": "2"}).order_by(),
            pk=root.pk,
        )
        self.assertIs(True, page.live)
        self.assertEqual(root.translation_key, page.translation_key)
        self.assertEqual(2, page.double)

    def test_a_values_list_gives_converted_tuples(self):
        rows = prepared.fetch(
            Page,
            ("test-values",),
            lambda pk: Page.objects.filter(pk=pk).values_list("pk", "live", "translation_key"),
            pk=Page.objects.get(depth=1).pk,
        )
        root = Page.objects.get(depth=1)
        self.assertEqual([(root.pk, True, root.translation_key)], rows)

    def test_related_rows_are_refused(self):
        with self.assertRaises(prepared.PreparedLookupError):
            prepared.fetch(Page, ("test-related",), lambda: Page.objects.select_related("locale"))

    def test_a_value_the_sql_transforms_is_refused(self):
        with self.assertRaises(prepared.PreparedLookupError):
            prepared.fetch(
                Page,
                ("test-transformed",),
                lambda depth: Page.objects.filter(path__startswith=str(depth)),
                depth=1,
            )
