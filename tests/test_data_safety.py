"""Data safety: the migrations can be undone and redone, and concurrent publishes of one page
keep every revision.

These are ``TransactionTestCase``s: migrations and concurrent connections need real commits.
Each one empties the database when it ends, so each recreates what Wagtail's data migrations
made (``ensure_initial_data``) before it starts.
"""

import random
import threading
import time

from django.db import OperationalError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from icssi_wagtail.models import ActivityPage

from .utils import ensure_initial_data, make_activity, make_activity_index

APP = "icssi_wagtail"


def migrate(*targets):
    """Migrate the default database to ``targets``, as ``manage.py migrate`` does."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))


def tables():
    return set(connection.introspection.table_names())


def columns(table):
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return {column.name for column in description}


class MigrationReversibilityTests(TransactionTestCase):
    """``migrate icssi_wagtail zero`` and back works: no other app in a site depends on our
    migrations (our tables point at Wagtail's, never the reverse), so zero is reachable."""

    def setUp(self):
        ensure_initial_data()
        self.latest = MigrationExecutor(connection).loader.graph.leaf_nodes(APP)
        self.ours = {t for t in tables() if t.startswith(f"{APP}_")}

    def tearDown(self):
        migrate(*self.latest)  # whatever happened, leave the schema the other tests expect

    def test_back_to_zero_and_forward_again(self):
        self.assertIn(f"{APP}_activitypage", self.ours)
        migrate((APP, None))
        self.assertEqual({t for t in tables() if t.startswith(f"{APP}_")}, set())
        migrate(*self.latest)
        self.assertEqual({t for t in tables() if t.startswith(f"{APP}_")}, self.ours)
        # The app works on the re-created tables.
        activity = make_activity(make_activity_index(), title="After the round trip")
        self.assertTrue(ActivityPage.objects.get(pk=activity.pk).live)

    def test_the_last_migration_undone_and_redone_keeps_the_pages(self):
        activity = make_activity(make_activity_index(), title="Kept", hide_organisers=True)
        migrate((APP, "0001_initial"))
        self.assertNotIn("hide_organisers", columns(f"{APP}_activitypage"))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM icssi_wagtail_activitypage WHERE page_ptr_id = %s",
                [activity.pk],
            )
            self.assertEqual(cursor.fetchone()[0], 1)
        migrate(*self.latest)
        self.assertIn("hide_organisers", columns(f"{APP}_activitypage"))
        page = ActivityPage.objects.get(pk=activity.pk)
        self.assertEqual(page.title, "Kept")
        # The column came back with its default: the value set before is lost, as it must be.
        self.assertFalse(page.hide_organisers)


class ListingCopiesRemovedMigrationTests(TransactionTestCase):
    """Migration 0007 removes the copies of where activities are listed (``listed_under``,
    ``listed_locale``), keeping every activity, and reverses."""

    def setUp(self):
        ensure_initial_data()
        self.latest = MigrationExecutor(connection).loader.graph.leaf_nodes(APP)

    def tearDown(self):
        migrate(*self.latest)

    def test_the_copies_go_and_the_activities_stay(self):
        index = make_activity_index()
        live = make_activity(index)
        migrate((APP, "0006_organisation_directory"))
        self.assertIn("listed_under", columns(f"{APP}_activitypage"))
        migrate(*self.latest)
        self.assertNotIn("listed_under", columns(f"{APP}_activitypage"))
        self.assertNotIn("listed_locale", columns(f"{APP}_activitypage"))
        self.assertEqual([live.pk], list(ActivityPage.objects.live().values_list("pk", flat=True)))


class ConcurrentPublishTests(TransactionTestCase):
    """Several editors publish revisions of the same page at once: every publish that reports
    success leaves its revision in the database, and the page ends live on one of them.

    Each thread has its own connection. On PostgreSQL the publishes overlap and every one must
    succeed at the first attempt. SQLite (the test database is shared in-memory) allows one
    writer at a time and answers a second one with "database table is locked" at once, without
    waiting; MariaDB/InnoDB sometimes picks one of two overlapping publishes as a deadlock
    victim (error 1213, "try restarting transaction"). There the threads retry a refused
    attempt, and the test checks that a refused attempt leaves nothing behind (no revision
    without a reported success) and a successful one keeps its revision.
    """

    THREADS = 4
    PUBLISHES = 5
    RETRY_SECONDS = 90

    def setUp(self):
        ensure_initial_data()
        self.activity = make_activity(make_activity_index(), title="Published by many")
        self.before = set(self.activity.revisions.values_list("pk", flat=True))

    @staticmethod
    def retryable(exc):
        """SQLite's "database table is locked" and InnoDB's deadlock (1213, "try restarting
        transaction"): the attempt was rolled back whole. PostgreSQL must never need one."""
        if connection.vendor == "sqlite":
            return True
        return connection.vendor == "mysql" and exc.args[:1] == (1213,)

    def publisher(self, number, reported, errors):
        # Refused attempts are retried for as long as a publish may take on a busy machine
        # (SQLite refuses every writer but one: under load a thread may wait for many).
        deadline = time.monotonic() + self.RETRY_SECONDS
        try:
            for round_ in range(self.PUBLISHES):
                title = f"Edit {number}.{round_}"
                while True:
                    try:
                        with transaction.atomic():
                            page = ActivityPage.objects.get(pk=self.activity.pk)
                            page.title = title
                            revision = page.save_revision()
                            revision.publish()
                        reported.append((revision.pk, title))
                        break
                    except OperationalError as exc:
                        if not self.retryable(exc) or time.monotonic() > deadline:
                            raise
                        time.sleep(random.uniform(0.005, 0.02))
        except Exception as exc:  # reported to the main thread, which fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    def test_every_reported_publish_keeps_its_revision(self):
        reported, errors = [], []
        threads = [
            threading.Thread(target=self.publisher, args=(number, reported, errors))
            for number in range(self.THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(errors, [])
        self.assertEqual(len(reported), self.THREADS * self.PUBLISHES)
        page = ActivityPage.objects.get(pk=self.activity.pk)
        stored = dict(
            page.revisions.exclude(pk__in=self.before).values_list("pk", "content__title")
        )
        self.assertEqual(stored, dict(reported))
        self.assertIn(page.live_revision_id, stored)
        self.assertEqual(page.title, stored[page.live_revision_id])
        self.assertTrue(page.live)
