"""Activist safety: the options that hide people apply to every language at once, and a
withdrawal applies as soon as it is saved.

The fields below are synchronised by wagtail-localize, but only when a translation is synced
again. Publishing the source page writes them to its translations straight away, so that
withdrawing a person's consent or hiding an organiser never waits for a translator; publishing
a translation takes them from its source, so that a translation made from an older version
never shows again what the source now hides.

Withdrawing consent or hiding someone never waits for a publish either: a revision of a source
page that unticks ``photo_consent`` or ticks a ``hide_*`` option (a draft, a page submitted for
moderation or waiting in a workflow) writes just that value to the live page, its translations,
their live revisions and any revision scheduled to go live, at once. The revision's other
changes wait for a publish as usual; giving consent again, or showing what was hidden, waits
for a publish too.

``hidden_images`` names the images no output may list: the photos of people who have not
recorded (ticked and dated) or have withdrawn their consent, or whose photo is hidden.
Wherever else an editor has placed such a photo (an activity's image, an organisation's logo,
a figure in a body), it is left out too: every output asks ``visible_image``, which reads
them once per request.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Revision
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published

from . import cache
from .models import ActivityPage, CallToActionPage, TestimonialPage
from .policies import policy_for
from .request_memo import default_locale, hidden_image_ids

# The value of each field that hides: a revision saved with it applies it at once.
WITHDRAWN = {
    "photo_consent": False,
    "hide_photo": True,
    "hide_surname": True,
    "hide_organisers": True,
    "hide_venue": True,
}


def safety_fields():
    """The fields that hide someone, by page type; a subclass has those of its page type."""
    return {
        ActivityPage: ["hide_organisers", "hide_venue"],
        CallToActionPage: ["hide_venue"],
        TestimonialPage: ["photo_consent", "hide_photo", "hide_surname"],
    }


def safety_model(model):
    """The page type of this app that ``model`` is or extends, with its safety fields; else
    ``(None, [])``."""
    table = safety_fields()
    page_type = policy_for(model, {page_type: page_type for page_type in table})
    return page_type, table.get(page_type, [])


def source_locale_ids(page):
    """The locales ``page`` is translated from: wagtail-localize's translation sources, else
    the default locale."""
    if apps.is_installed("wagtail_localize"):
        from wagtail_localize.models import TranslationSource  # only where it is installed

        found = set(
            TranslationSource.objects.filter(object_id=page.translation_key).values_list(
                "locale_id", flat=True
            )
        )
        if found:
            return found
    return {default_locale().pk}


def sync_safety_fields(sender, instance, **kwargs):
    page = instance.specific
    page_type, fields = safety_model(type(page))
    if page_type is None:
        return
    group = page_type.objects.filter(translation_key=page.translation_key)
    sources = source_locale_ids(page)
    if page.locale_id in sources:
        source, targets = page, group.exclude(pk=page.pk)
    else:
        source, targets = group.filter(locale_id__in=sources).first(), group.filter(pk=page.pk)
        if source is None:
            return
    apply(list(targets), {field: getattr(source, field) for field in fields})


def apply(pages, values):
    """Write ``values`` to ``pages`` (rows of one page type), then forget kept answers,
    reindex and purge as a publish would (``update()`` sends no signal)."""
    if not pages:
        return
    # Hiding or showing organisers changes the organisations the listing's filter offers.
    organisers = "hide_organisers" in values and any(
        page.hide_organisers != values["hide_organisers"] for page in pages
    )
    type(pages[0]).objects.filter(pk__in=[page.pk for page in pages]).update(**values)
    for page in pages:
        for field, value in values.items():
            setattr(page, field, value)
    scopes = [scope for page in pages for scope in cache.changed_scopes(page)]
    cache.invalidate(*scopes, *(["organisers"] if organisers else []))
    for page in pages:
        insert_or_update_object(page)
    purge(pages)


def withdraw_at_once(sender, instance, **kwargs):
    """``post_save`` of ``Revision``: a revision of a source page that withdraws consent or
    hides someone applies just that to every language's live page at once (see above)."""
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    page_type, fields = safety_model(model)
    content = instance.content or {}
    withdrawn = {
        field: WITHDRAWN[field] for field in fields if content.get(field) == WITHDRAWN[field]
    }
    if not withdrawn:
        return
    showing = Q()
    for field, value in withdrawn.items():
        showing |= Q(**{field: not value})
    group = page_type.objects.filter(translation_key=content.get("translation_key"))
    pages = list(group.filter(showing))
    # Translations take these fields from their source (see sync_safety_fields).
    if not pages or content.get("locale") not in source_locale_ids(pages[0]):
        return
    apply(pages, withdrawn)
    withdraw_in_revisions(pages, withdrawn)


def withdraw_in_revisions(pages, withdrawn):
    """Write ``withdrawn`` into the live and scheduled revisions of ``pages``, so that neither
    a scheduled publish nor wagtail-localize, which read them, shows what was withdrawn."""
    revisions = Revision.objects.filter(
        Q(pk__in=[page.live_revision_id for page in pages])
        | Q(
            base_content_type=pages[0].get_base_content_type(),
            object_id__in=[str(page.pk) for page in pages],
            approved_go_live_at__isnull=False,
        )
    )
    for revision in revisions:
        if any(revision.content.get(field) != value for field, value in withdrawn.items()):
            # update(): saving the revision would send post_save again.
            content = {**revision.content, **withdrawn}
            Revision.objects.filter(pk=revision.pk).update(content=content)


def hidden_images():
    """The images no output may list: the photo of a testimonial whose consent is not
    recorded (unticked, or ticked without its date) or whose photo is hidden, in any language,
    live or in its latest revision (a draft, a page waiting in moderation). A queryset of the
    image model."""
    testimonials = apps.get_model("icssi_wagtail", "TestimonialPage").objects
    # Ticked but undated is not recorded: a row written without full_clean may hold it.
    rows = testimonials.filter(
        Q(photo_consent=False) | Q(photo_consent_date=None) | Q(hide_photo=True),
        photo__isnull=False,
    ).values("photo_id")
    latest = (
        Revision.objects.filter(pk__in=testimonials.values("latest_revision_id"))
        .filter(
            Q(content__photo_consent=False)
            | Q(content__photo_consent_date=None)
            | Q(content__hide_photo=True)
        )
        .exclude(content__photo=None)
        .annotate(photo=Cast(KT("content__photo"), IntegerField()))
        .values("photo")
    )
    return get_image_model().objects.filter(Q(pk__in=rows) | Q(pk__in=latest))


def visible_image(image):
    """``image``, or ``None`` when it is one of ``hidden_images()`` (read once per request,
    ``request_memo.hidden_image_ids``). Every output of an image chosen by an editor asks
    this: a hidden photo placed as an activity's image or in a figure block is left out."""
    if image is None or image.pk in hidden_image_ids():
        return None
    return image


def forget_hidden_images(sender, instance, **kwargs):
    """``post_save`` of ``Revision``: a testimonial's revision that hides its photo (a draft
    or a page waiting in moderation included) adds to ``hidden_images()``: forget the kept
    answers that show images (scope ``images``)."""
    content = instance.content or {}
    if content.get("photo") and (
        content.get("photo_consent") is False
        or not content.get("photo_consent_date")
        or content.get("hide_photo") is True
    ):
        cache.invalidate("images")


def public_images():
    """The images every visitor may see: those of collections without a view restriction,
    less ``hidden_images()``. GraphQL and ``PublicImagesAPIViewSet`` serve these.

    Two queries. Search backends filter only on an indexed field's values, not on a join or
    a subquery (grapple's own ``images(searchQuery:)`` fails on its collection filter), so
    the collections and images left out are read first.
    """
    private = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
    hidden = hidden_images().values_list("pk", flat=True)
    return without(get_image_model().objects.all(), collection__in=private, pk__in=hidden)


def without(queryset, **lists):
    """``queryset`` less the rows in each of ``lists`` (``field__in=values``), the values read
    into lists that a search backend can filter on."""
    for lookup, values in lists.items():
        values = list(values)
        if values:
            queryset = queryset.exclude(**{lookup: values})
    return queryset


def purge(pages):
    """Purge ``pages`` from a front-end cache, if one is configured, with what a publish
    purges: their API details and listings, and the index pages that list them."""
    if not (
        apps.is_installed("wagtail.contrib.frontend_cache")
        and getattr(settings, "WAGTAILFRONTENDCACHE", None)
    ):
        return

    batch = PurgeBatch()
    batch.add_pages([page for page in pages if page.live])
    batch.purge()
    for page in pages:
        cache.purge_page(page)


def register_signal_handlers():
    page_published.connect(sync_safety_fields, dispatch_uid="icssi_wagtail_sync_safety")
    post_save.connect(withdraw_at_once, sender=Revision, dispatch_uid="icssi_wagtail_withdraw")
    post_save.connect(
        forget_hidden_images, sender=Revision, dispatch_uid="icssi_wagtail_forget_hidden_images"
    )
