"""RSS and Atom feeds of an activity index's activities (Django's syndication).

Titles are plain text, which Django's feed generators escape for XML. Descriptions (RSS
``description``, Atom ``summary type="html"``) are HTML, so the activity's text is escaped
into HTML here, one paragraph per part: a reader shows ``<b>`` in a summary as written.
"""

from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaksbr
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from .calendars import location


class ActivityFeed(Feed):
    """Activities of ``index`` in its language, filtered like its listing.

    ``when`` says which activities they are, as ``ActivityIndexPage.get_feed_activities``
    chose them: "upcoming", "past" or ``None`` (any time). Without ``when`` in the query, a
    feed shows the upcoming activities, or the most recent past ones when none is to come,
    so that a subscriber of an index between two events (like the demo's) still sees items.
    """

    def __init__(self, index, activities, theme_names=(), when="upcoming", atom=False):
        super().__init__()
        self.index = index
        self.activities = activities
        self.theme_names = list(theme_names)
        self.when = when
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed
        self.language = index.locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.theme_names:
            return f"{self.index.title}: {', '.join(self.theme_names)}"
        return self.index.title

    def link(self):
        return self.index.get_full_url(self.request)

    def feed_url(self):
        # rel="self" with the query string: subscribing through it keeps the filters.
        return self.request.build_absolute_uri()

    def description(self):
        if self.when == "upcoming":
            return _("Upcoming activities")
        if self.when == "past":
            return _("Past activities")
        return _("All activities")

    def subtitle(self):
        return self.description()

    def items(self):
        return self.activities

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The summary and the place as HTML: text escaped, lines kept, a paragraph each."""
        parts = [item.summary, location(item)]
        lines = ((linebreaksbr(part, autoescape=True),) for part in parts if part)
        return format_html_join("", "<p>{}</p>", lines)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [theme.name for theme in getattr(item, "display_themes", [])]

    def item_author_name(self, item):
        # Left out when the organisers are hidden for their safety.
        names = [str(organisation) for organisation in item.organisations]
        return ", ".join(names) or None
