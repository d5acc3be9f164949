"""RSS and Atom feeds of an activity index's upcoming activities (Django's syndication)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .calendars import location


class ActivityFeed(Feed):
    """Upcoming activities of ``index`` in its language, filtered like its listing."""

    def __init__(self, index, activities, theme_names=(), atom=False):
        super().__init__()
        self.index = index
        self.activities = activities
        self.theme_names = list(theme_names)
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

    def description(self):
        return _("Upcoming activities")

    def subtitle(self):
        return self.description()

    def items(self):
        return self.activities

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.summary, location(item)]
        return "\n".join(part for part in parts if part)

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
