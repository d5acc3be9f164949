from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's own home page, which ICSSI's pages live under."""

    body = RichTextField(blank=True)
    content_panels = [*Page.content_panels, "body"]
    template = "home/home_page.html"
