"""Publishing through wagtail-localize needs permission to publish.

wagtail-localize (checked against 1.14.5) asks only for its "submit translation" permission
before "Sync translated pages" with "Publish immediately" publishes every translation, and only
for edit permission before "Convert to alias page" makes a translated page live with the source
page's content and throws its translation away. Submitting a live page for translation
publishes the new translation too, unless ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE`` is
``False``.

:func:`install` (called from ``IcssiWagtailAppConfig.ready()``) wraps every view that
wagtail-localize registers under the admin's ``wagtail_localize`` namespace. Before a view runs,
its rule in :data:`RULES` works out what the request would publish or make live; unless the user
may publish each of them, the guard answers with an error message and a redirect, and nothing
has changed. To publish means: ``can_publish()`` on a page (``can_publish_subpage()`` on the
page a new translation would be created under), the model's publish permission for a snippet
with drafts, its change permission for any other snippet.

Views that change nothing are listed in :data:`READ_ONLY`. A view in neither list, which a later
wagtail-localize may add, is refused to everyone but superusers for any request that is not a
``GET``, ``HEAD`` or ``OPTIONS``; ``tests/test_localize_guard.py`` fails when the lists and
wagtail-localize's URLs disagree.

The translation editor's footer offers "Convert to alias page" and "Delete" to whoever
wagtail-localize lets edit the translation: :func:`editor_props` (used by this app's
``wagtail_localize/admin/edit_translation.html``) takes both away from the editor of anyone who
may not publish what is translated, so that a translator is never one click away from losing a
translation.

Two actions go through Wagtail's page and snippet editors instead and need no guard here: the
translation editor's "Publish" (wagtail-localize checks the publish permission itself) and
"Start synced translation" (it turns syncing back on and publishes nothing).

Submitting a page with its subpages saves each subpage already translated again
(``save_target(publish=False)``, which saves the page itself, live or not): the guard refuses it
when a live translation among them is one the user may not publish, whatever
``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE`` says.

Not guarded, because what goes live is content that is already live: converting an alias into a
translation when a page is submitted, and the aliases of untranslated parent pages that
wagtail-localize creates under a new translation, as synchronised locales do on their own.
"""

import json
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import (
    ImproperlyConfigured,
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail.snippets.permissions import get_permission_name

NAMESPACE = "wagtail_localize"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# wagtail-localize's views that change nothing.
READ_ONLY = frozenset(
    {
        "javascript_catalog",
        "download_pofile",
        "preview_translation",
        "translations_report",
        "translations_report_results",
        "snippets_api_listing",
        "snippets_api_detail",
    }
)


def may_publish(user, instance):
    """Whether ``user`` may publish ``instance``, a page or a snippet."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    return user.has_perm(get_permission_name(action, type(instance)))


def may_publish_new_page(user, source_page, locale):
    """Whether ``user`` may publish the translation of ``source_page`` that wagtail-localize
    would create in ``locale``: under the nearest ancestor translated into it."""
    for ancestor in source_page.get_ancestors().order_by("-depth"):
        parent = ancestor.get_translation_or_none(locale)
        if parent is not None:
            return parent.permissions_for_user(user).can_publish_subpage()
    return Page.get_first_root_node().permissions_for_user(user).can_publish_subpage()


def may_publish_translation(user, original, locale):
    """Whether ``user`` may publish the translation of ``original`` into ``locale``."""
    translated = original.get_translation_or_none(locale)
    if translated is not None:
        return may_publish(user, translated)
    if isinstance(original, Page):
        return may_publish_new_page(user, original, locale)
    return may_publish(user, original)


def refused_locales(user, original, locales):
    """The names of the locales of ``locales`` that ``user`` may not publish ``original`` in."""
    return [
        locale.get_display_name()
        for locale in locales
        if not may_publish_translation(user, original, locale)
    ]


def sync_live_status():
    return getattr(settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True)


def update_translations(request, translation_source_id):
    """ "Sync translated pages" publishes every translation when "Publish immediately" is on."""
    from wagtail_localize.models import TranslationSource

    if request.method != "POST":
        return None
    checked = forms.BooleanField(required=False).clean(request.POST.get("publish_translations"))
    source = TranslationSource.objects.filter(pk=translation_source_id).first()
    if not checked or source is None:
        return None
    try:
        original = source.get_source_instance()
    except ObjectDoesNotExist:
        return None
    locales = Locale.objects.filter(
        pk__in=source.translations.filter(enabled=True).values("target_locale")
    )
    refused = refused_locales(request.user, original, locales)
    if refused:
        message = _(
            "You may not publish the translations into %(locales)s. Sync them without "
            "“Publish immediately”, and ask someone who may publish to review them."
        ) % {"locales": ", ".join(refused)}
        return message, request.get_full_path()
    return None


def submitted_locales(request, original):
    """The locales that a submission of ``original`` names, as wagtail-localize reads them."""
    from wagtail_localize.views.submit_translations import SubmitTranslationForm

    form = SubmitTranslationForm(original, request.POST)
    if not form.is_valid():
        return [], False
    return form.cleaned_data["locales"], form.cleaned_data["include_subtree"]


def live_translations_resaved(user, page, locales):
    """The titles of the live translations, into ``locales``, of the subpages of ``page``
    that ``user`` may not publish: submitting ``page`` with its subpages saves each of them
    again with the strings translated so far, published or not."""
    keys = page.get_descendants().values("translation_key")
    translations = Page.objects.filter(
        translation_key__in=keys, locale__in=locales, live=True, alias_of__isnull=True
    )
    return [
        translation.get_admin_display_title()
        for translation in translations
        if not may_publish(user, translation)
    ]


def submit_page_translation(request, page_id):
    """Submitting a live page publishes its new translations when the live status is synced;
    submitting a page with its subpages changes their live translations in any case."""
    page = Page.objects.filter(pk=page_id).first()
    if request.method != "POST" or page is None or page.is_root():
        return None
    locales, subtree = submitted_locales(request, page)
    resaved = live_translations_resaved(request.user, page, locales) if subtree else []
    if resaved:
        message = _(
            "Submitting this page with its subpages would change the live translations of "
            "%(pages)s with strings nobody has published, and you may not publish them. "
            "Submit the page alone, or ask someone who may publish."
        ) % {"pages": ", ".join(f"“{title}”" for title in resaved)}
        return message, request.get_full_path()
    if not sync_live_status():
        return None
    if not (page.live or (subtree and page.get_descendants().live().exists())):
        return None
    refused = refused_locales(request.user, page, locales)
    if refused:
        message = _(
            "This page is live, so its translations into %(locales)s would be published at "
            "once, and you may not publish there. Ask someone who may publish to submit it."
        ) % {"locales": ", ".join(refused)}
        return message, request.get_full_path()
    return None


def submitted_snippet(app_label, model_name, pk):
    """The snippet that the URL names, or None. A key the model cannot hold (``abc``, NUL) is
    a 404: wagtail-localize's view would look it up and answer with a server error."""
    from wagtail.snippets.views.snippets import get_snippet_model_from_url_params

    try:
        model = get_snippet_model_from_url_params(app_label, model_name)
    except Http404:
        return None
    try:
        key = model._meta.pk.to_python(unquote(pk))
    except ValidationError:
        raise Http404 from None
    return model._default_manager.filter(pk=key).first()


def submit_snippet_translation(request, app_label, model_name, pk):
    """Submitting a live snippet with drafts publishes its new translations when the live
    status is synced. Other snippets have no drafts: their new translations, copies of the
    source until translated, are saved as they are in every case."""
    snippet = submitted_snippet(app_label, model_name, pk)
    if request.method != "POST" or not sync_live_status():
        return None
    if not isinstance(snippet, DraftStateMixin) or not snippet.live:
        return None
    if may_publish(request.user, snippet):
        return None
    message = _(
        "This item is live, so its translations would be published at once, and you may not "
        "publish it. Ask someone who may publish to submit it."
    )
    return message, request.get_full_path()


def convert_to_alias(request, page_id):
    """An alias is live whenever its source page is, and the translation is thrown away."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or may_publish(request.user, page):
        return None
    message = _(
        "You may not convert this page to an alias: an alias shows the source page's live "
        "content at once. Ask someone who may publish the page."
    )
    return message, reverse("wagtailadmin_pages:edit", args=[page.pk])


def editor_props(props, instance, user):
    """wagtail-localize's translation editor ``props`` (JSON) for ``user`` editing
    ``instance``: without "Convert to alias page" and "Delete" unless the user may publish it."""
    if may_publish(user, instance):
        return props
    data = json.loads(props)
    data["links"]["convertToAliasUrl"] = None
    data["perms"]["canDelete"] = False
    return json.dumps(data, cls=DjangoJSONEncoder)


def publishes_nothing(request, **kwargs):
    """For views that change only translated strings or whether a translation is synced,
    which wagtail-localize allows to whoever may edit the translated page or snippet."""
    return None


# What each of wagtail-localize's views that change something would publish.
RULES = {
    "update_translations": update_translations,
    "submit_page_translation": submit_page_translation,
    "submit_snippet_translation": submit_snippet_translation,
    "convert_to_alias": convert_to_alias,
    "edit_string_translation": publishes_nothing,
    "edit_override": publishes_nothing,
    "upload_pofile": publishes_nothing,
    "machine_translate": publishes_nothing,
    "stop_translation": publishes_nothing,
}


def refusal(request, name, kwargs):
    """The message and the address to go back to when ``request`` must be refused, or None."""
    if name in RULES:
        return RULES[name](request, **kwargs)
    if name in READ_ONLY or request.method in SAFE_METHODS or request.user.is_superuser:
        return None
    message = _("This translation action has not been checked for this site yet.")
    return message, reverse("wagtailadmin_home")


def guard_view(view, name):
    """``view``, refusing what ``refusal`` refuses before anything changes."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        refused = refusal(request, name, kwargs)
        if refused is None:
            return view(request, *args, **kwargs)
        message, url = refused
        messages.error(request, message)
        return redirect(url)

    guarded.icssi_publish_guard = name
    return guarded


def guard_patterns(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            guard_patterns(pattern.url_patterns)
        elif getattr(pattern, "callback", None):
            pattern.callback = guard_view(pattern.callback, pattern.name)


def guard_urls(register_admin_urls):
    """wagtail-localize's ``register_admin_urls`` hook, with its views guarded."""

    @wraps(register_admin_urls)
    def guarded_urls():
        urls = register_admin_urls()
        for resolver in urls:
            if getattr(resolver, "namespace", None) == NAMESPACE:
                guard_patterns(resolver.url_patterns)
        return urls

    return guarded_urls


def install():
    """Put the guard around wagtail-localize's admin URLs, before Wagtail's admin URLs are
    built. Refuses to start when wagtail-localize no longer registers them as it did."""
    from wagtail import hooks
    from wagtail_localize import wagtail_hooks as localize_hooks

    original = getattr(localize_hooks, "register_admin_urls", None)
    registered = hooks._hooks.get("register_admin_urls", [])
    for index, (fn, order) in enumerate(registered):
        if fn is original:
            registered[index] = (guard_urls(fn), order)
            return
        if getattr(fn, "__wrapped__", None) is original and original is not None:
            return
    raise ImproperlyConfigured(
        "icssi_wagtail cannot find the admin URLs of wagtail-localize to check that only "
        "users who may publish publish through them: this version of wagtail-localize is "
        "not supported."
    )
