"""A base class for browser tests: one Chromium per class, the live server as the default Site."""

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from ..utils import ensure_initial_data
from .conftest import CHROMIUM, CHROMIUM_ARGS, require_browser


class SerialWSGIServer(WSGIServer):
    """Django's development server, one request at a time (it answers ``Connection: close``)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        # LiveServerThread.run() has already given its own thread the test's connections.
        super().__init__(*args, **kwargs)


class SerialLiveServerThread(LiveServerThread):
    """On SQLite the tests' in-memory database is one connection, shared by the test and the
    live server: Django's threaded server let the admin's concurrent requests (the page
    explorer's) use it at once, which Python 3.13's sqlite3 refuses ("bad parameter or other
    API misuse"). Served one at a time, they never overlap."""

    server_class = SerialWSGIServer


def live_server_thread_class():
    return SerialLiveServerThread if connection.vendor == "sqlite" else LiveServerThread


class BrowserTestCase(StaticLiveServerTestCase):
    """Starts Chromium once per class; each test gets a fresh page (``self.page``)."""

    host = "127.0.0.1"
    server_thread_class = live_server_thread_class()

    @classmethod
    def setUpClass(cls):
        require_browser()
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        try:
            cls.browser = cls.playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
        except Exception:
            cls.playwright.stop()
            super().tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def setUp(self):
        from wagtail.models import Site

        ensure_initial_data()
        # Links the site builds use the Site's address: make it the live server's.
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = self.host, self.server_thread.port
        site.save()  # save(), not update(): it clears Wagtail's cache of site root paths
        self.context = self.browser.new_context(base_url=self.live_server_url)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.addCleanup(self.context.close)

    def _fixture_teardown(self):
        # Django empties the database after each live server test; put back what the migrations
        # made, for the browser test classes that expect it and do not create it themselves.
        super()._fixture_teardown()
        ensure_initial_data()


def ensure_moderation_workflow():
    """Wagtail's "Moderators approval" workflow on the root page, as its data migration makes
    it: an earlier live-server test's flush removes what migrations made."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    workflow, created = Workflow.objects.get_or_create(name="Moderators approval")
    if created:
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.add(Group.objects.get_or_create(name="Moderators")[0])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
