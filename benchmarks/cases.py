"""What the benchmark requests: each case with our URL and, where Wagtail has one, the stock URL.

The embed case is the request ``activities_embed.js`` builds (its ``requestUrl``) for
``<div data-icssi-activities data-api="/api/v2/" data-theme="water" data-limit="5">``.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

API = "/api/v2/"
THEME = "water"
STOCK_API = f"{API}pages/?type=icssi_wagtail.ActivityPage&fields=*"


@dataclass(frozen=True)
class Case:
    name: str
    label: str
    ours: str | None
    stock: str | None = None
    kind: str = "page"  # page, listing, api
    # Ours is requested as the first request after a publish: every answer and count that
    # depends on activities is computed again (icssi_wagtail.cache). Reported, not a target.
    after_publish: bool = False

    @property
    def urls(self):
        return {side: url for side, url in (("ours", self.ours), ("stock", self.stock)) if url}


def embed_request_url(api=API, limit="5", theme=THEME, lang=None):
    """The URL of ``requestUrl(container)`` in activities_embed.js, in the same parameter order."""
    try:
        limit = int(limit)
    except ValueError:
        limit = 5
    params = {"upcoming": "true", "limit": str(min(max(limit or 5, 1), 50))}
    if theme:
        params["theme"] = theme
    if lang:
        params["locale"] = lang
    return f"{api.rstrip('/')}/activities/?{urlencode(params)}"


def build_cases(content):
    """The cases for the pages of ``content`` (a seeded :class:`benchmarks.seed.BenchContent`)."""
    index = content.index.url
    water_name = content.theme(THEME).name
    return [
        Case("baseline", "plain Wagtail page (baseline)", None, content.baseline.url),
        Case("call_to_action", "call to action page", content.call.url),
        Case("activity_page", "activity page", content.activity.url),
        Case(
            "listing_theme_20",
            f"listing ?theme={THEME}, 20 per page",
            f"{index}?theme={THEME}&per_page=20",
            f"/stock{index}?theme={THEME}&per_page=20",
            kind="listing",
        ),
        Case(
            "listing_theme_50",
            f"listing ?theme={THEME}, 50 per page",
            f"{index}?theme={THEME}&per_page=50",
            f"/stock{index}?theme={THEME}&per_page=50",
            kind="listing",
        ),
        Case(
            "listing_theme_20_after_publish",
            f"listing ?theme={THEME}, 20 per page, after a publish",
            f"{index}?theme={THEME}&per_page=20",
            f"/stock{index}?theme={THEME}&per_page=20",
            kind="listing",
            after_publish=True,
        ),
        Case(
            "api_limit_20",
            "API activities, limit 20",
            f"{API}activities/?limit=20",
            f"{STOCK_API}&limit=20",
            kind="api",
        ),
        Case(
            "api_limit_20_after_publish",
            "API activities, limit 20, after a publish",
            f"{API}activities/?limit=20",
            f"{STOCK_API}&limit=20",
            kind="api",
            after_publish=True,
        ),
        Case(
            "api_limit_100",
            "API activities, limit 100",
            f"{API}activities/?limit=100",
            f"{STOCK_API}&limit=100",
            kind="api",
        ),
        Case(
            "api_theme_20",
            f"API activities ?theme={THEME}, limit 20",
            f"{API}activities/?theme={THEME}&limit=20",
            # Stock v2 filters tags by name (?themes=<name>), with ?type= only.
            f"{STOCK_API}&{urlencode({'themes': water_name})}&limit=20",
            kind="api",
        ),
        Case("api_themes", "API themes with counts", f"{API}themes/", kind="api"),
        Case("embed", "embed request (upcoming, water, 5)", embed_request_url(), kind="api"),
    ]


def deep_offset_cases(content, total):
    """Requests far into the results, for EXPLAIN: offset about 9,000 (or the last page), and
    the API's keyset pagination to the same place (``?after=`` the activity just before it)."""
    from icssi_wagtail.models import ActivityPage

    offset = max(0, min(9000, total - 20))
    page = offset // 20 + 1
    cases = {
        "listing_deep": f"{content.index.url}?per_page=20&page={page}",
        "api_deep": f"{API}activities/?limit=20&offset={offset}",
    }
    if offset:
        before = (
            ActivityPage.objects.live()
            .order_by("starts_at", "pk")
            .values_list("pk", flat=True)[offset - 1]
        )
        cases["api_after_deep"] = f"{API}activities/?limit=20&after={before}"
    return cases
