"""Build a static copy of the icssi-wagtail demo from its API alone, in every language.

    python build.py http://127.0.0.1:8000/api/v2/ site/

Standard library only. It lists the app's pages in the site's default language, then asks
each page's ``detail_url`` once, following ``meta.translations`` to the other languages, and
writes ``site/<page path>/index.html``. Every word comes from the API, the languages' names and
writing directions included: the client has no tables and no text of its own.
"""

import json
import sys
import urllib.request
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import urljoin, urlsplit

# The app's endpoints that serve pages (register_endpoints); the client needs nothing else.
ENDPOINTS = ["calls-to-action", "activity-indexes", "activities"]
ENDPOINTS += ["testimonial-indexes", "testimonials"]
# Page types that have no endpoint of their own: found, and served, by ``pages/``.
PAGE_TYPES = ["icssi_wagtail.OrganisationDirectoryPage", "icssi_wagtail.ActivityRegistrationPage"]

PAGE = Template("""<!DOCTYPE html>
<html lang="$lang" dir="$dir">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>$title</title>
<style>body { max-width: 40rem; margin: auto } img { max-width: 100%; height: auto }</style>
</head>
<body>
<nav>$languages</nav>
<main class="$type">
$main
</main>
</body>
</html>
""")


class API:
    """GET JSON from the API, counting the requests."""

    def __init__(self, base):
        self.base, self.requests = base, 0

    def get(self, url):
        self.requests += 1
        url = urljoin(self.base, url)
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"Not a web address: {url}")
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (checked above)
            return json.load(answer)  # urlopen raises HTTPError on a 4xx or 5xx

    def walk(self, url):
        """Every item of a list, following ``meta.next`` from page to page."""
        while url:
            answer = self.get(url)
            yield from answer["items"]
            url = answer["meta"]["next"]


def path(url):
    """A page's address on the static site: the path (and query) of its ``html_url``."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link(url, text, **attributes):
    """A link to ``url`` as it is: another site, a document."""
    extra = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
    return f'<a href="{escape(url)}"{extra}>{escape(text)}</a>' if url else ""


def page_link(url, text, **attributes):
    """A link to a page of the site, on the static site."""
    return link(url and path(url), text, **attributes)


def h(tag, text):
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def event(e):
    where = " · ".join(part for part in (e["venue"], e["city"], e["country"]["name"]) if part)
    return f"<p><time>{escape(e['start'][:10])}</time> {escape(where)}</p>"


def ul(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def cards_link(item, text):
    """A link to a card's page (``meta.html_url``, as every card of the API gives it)."""
    return page_link(item["meta"]["html_url"], text)


def blockquote(quote, cite):
    return f"<blockquote>{escape(quote)}{cite}</blockquote>"


def cards(items):
    """Links to pages: a list's items, a block's or an index's cards (all ``meta.html_url``)."""
    return ul(cards_link(i, i["title"]) for i in items)


def listing(page, field, api):
    """The cards an index lists: the first page from its detail, the rest from ``next``."""
    items, url = list(page[field]["items"]), page[field]["next"]
    return items + list(api.walk(url)) if url else items


def theme_links(themes):
    return ul(f"{page_link(t['url'], t['name'])} {t['activity_count']}" for t in themes)


def image(v):
    """A rendition, by its ``full_url`` (absolute, on the API's host)."""
    return v and f'<img src="{escape(v["full_url"])}" alt="{escape(v["alt"])}">'


# One function per block type: what the block's "value" becomes in HTML.
BLOCKS = {
    "heading": lambda v: h("h2", v),
    "paragraph": lambda v: v,  # HTML, cleaned by Wagtail when the editor saved it
    "quote": lambda v: (
        f"<blockquote>{escape(v['quote'])}{h('cite', v['attribution'])}</blockquote>"
    ),
    "image": lambda v: v and f"<figure>{image(v)}{h('figcaption', v['caption'])}</figure>",
    "statistic": lambda v: f"<p>{h('strong', v['figure'])} {h('span', v['label'])}</p>",
    "button": lambda v: v and (page_link if v["type"] == "page" else link)(v["url"], v["label"]),
    "call_to_action": lambda v: (
        h("h2", v["heading"]) + v["text"] + (BLOCKS["button"](v["button"]) or "")
    ),
    "testimonial": lambda v: v and blockquote(v["quote"], cards_link(v, v["person_name"])),
    "activity_list": lambda v: h("h2", v["heading"]) + cards(v["activities"]),
    "theme_list": lambda v: h("h2", v["heading"]) + theme_links(v["listed_themes"]),
}


def body(blocks):
    return "\n".join(BLOCKS[block["type"]](block["value"]) or "" for block in blocks)


def call_to_action(page, api):
    return (
        h("h1", page["headline"])
        + h("p", page["standfirst"])
        + h("p", page["event_name"])
        + event(page["event"])
        + h("p", page["status"]["label"])
        + link(page["registration_url"], page["button_label"])
        + body(page["body"])
    )


def activity_index(page, api):
    activities = cards(listing(page, "activities", api))
    return h("h1", page["title"]) + page["intro"] + theme_links(page["listed_themes"]) + activities


def activity(page, api):
    return (
        h("h1", page["title"])
        + h("p", page["summary"])
        + event(page["event"])
        + h("p", f"{page['status']['label']} · {page['attendance_mode']['label']}")
        + h("p", " · ".join(organiser["name"] for organiser in page["organisers"]))
        + ul(escape(theme["name"]) for theme in page["themes"])
        + (image(page["image"]) or "")
        + body(page["body"])
    )


def testimonial_index(page, api):
    return h("h1", page["title"]) + page["intro"] + cards(listing(page, "testimonials", api))


def testimonial(page, api):
    who = (page["person_name"], page["person_role"], page["country"]["name"])
    return (
        h("h1", page["title"])
        + h("blockquote", page["quote"])
        + h("p", " · ".join(part for part in who if part))
        + body(page["body"])
    )


def organisation_directory(page, api):
    """The page's detail gives its ``intro`` only: the organisations are a second request,
    ``organisation-directory/`` in the page's language (docs/api.md)."""
    (locale,) = (t["locale"] for t in page["meta"]["translations"] if t["id"] == page["id"])
    answer = api.get(f"organisation-directory/?locale={locale}&limit=100")
    organisations, url = list(answer["items"]), answer["meta"]["next"]
    organisations += list(api.walk(url)) if url else []

    def organisation(o):
        themes = ", ".join(theme["name"] for theme in o["themes"])
        country = o["country"]["name"] if o["country"] else ""
        return (
            (link(o["website"], o["name"]) or escape(o["name"]))
            + h("span", country)
            + h("span", themes)
            + h("span", str(o["activity_count"]))
        )

    return (
        h("h1", page["title"])
        + page["intro"]
        + h("p", str(answer["meta"]["total_count"]))
        + ul(organisation(o) for o in organisations)
    )


def activity_registration(page, api):
    """The API gives the page's ``intro`` and ``charter_address``, not the form's fields,
    labels or choices: the client shows the intro, the charter and the JSON endpoint that
    registers (``POST activity-registrations/``, docs/api.md), with no words of its own."""
    endpoint = urljoin(api.base, "activity-registrations/")
    charter = page["charter_address"]
    return (
        h("h1", page["title"])
        + page["intro"]
        + (f"<p>{link(charter, charter)}</p>" if charter else "")
        + f"<p>{link(endpoint, endpoint, rel='alternate', type='application/json')}</p>"
    )


RENDER = {
    "icssi_wagtail.CallToActionPage": call_to_action,
    "icssi_wagtail.ActivityIndexPage": activity_index,
    "icssi_wagtail.ActivityPage": activity,
    "icssi_wagtail.TestimonialIndexPage": testimonial_index,
    "icssi_wagtail.TestimonialPage": testimonial,
    "icssi_wagtail.OrganisationDirectoryPage": organisation_directory,
    "icssi_wagtail.ActivityRegistrationPage": activity_registration,
}


def render(page, api):
    """The page's HTML; ``meta.translations`` name its language and link the others."""
    translations = page["meta"]["translations"]
    (own,) = (t["language"] for t in translations if t["id"] == page["id"])
    languages = " ".join(
        page_link(
            t["html_url"], t["language"]["name_local"], hreflang=t["locale"], lang=t["locale"]
        )
        for t in translations
        if t["id"] != page["id"]
    )
    return PAGE.substitute(
        lang=escape(own["code"]),
        dir="rtl" if own["bidi"] else "ltr",
        title=escape(page["title"]),
        languages=languages,
        type=page["meta"]["type"].split(".")[-1],
        main=RENDER[page["meta"]["type"]](page, api),
    )


def build(base, out):
    """Write every app page under ``out``. Answers ``{"discovery": n, "pages": {path: n}}``:
    the requests spent listing the pages, and those spent on each page."""
    api, out = API(base), Path(out)
    queue = [
        item["meta"]["detail_url"] for endpoint in ENDPOINTS for item in api.walk(f"{endpoint}/")
    ]
    queue += [
        item["meta"]["detail_url"]
        for kind in PAGE_TYPES
        for item in api.walk(f"pages/?type={kind}")
    ]
    report, seen, languages = {"discovery": api.requests, "pages": {}}, set(queue), {}
    while queue:
        before = api.requests
        page = api.get(queue.pop(0))
        if "translations" in page["meta"]:
            languages.update((t["locale"], t["language"]) for t in page["meta"]["translations"])
        else:  # ``pages/`` gives no translations: one more request, and the languages seen
            versions = [page, *api.walk(f"pages/?translation_of={page['id']}")]
            page["meta"]["translations"] = [
                {
                    "id": version["id"],
                    "locale": version["meta"]["locale"],
                    "language": languages[version["meta"]["locale"]],
                    "html_url": version["meta"]["html_url"],
                    "detail_url": version["meta"]["detail_url"],
                }
                for version in versions
            ]
        html_path = urlsplit(page["meta"]["html_url"]).path
        target = out / html_path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(page, api), encoding="utf-8")
        report["pages"][html_path] = api.requests - before
        for translation in page["meta"]["translations"]:
            if translation["detail_url"] not in seen:
                seen.add(translation["detail_url"])
                queue.append(translation["detail_url"])
    return report


if __name__ == "__main__":
    report = build(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "site")
    for page, requests in report["pages"].items():
        print(f"{requests} request(s)  {page}")
    print(f"{len(report['pages'])} pages, and {report['discovery']} request(s) to list them")
