"""What the group commands share: the site roots, in every language, that groups are given."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupPagePermission, Locale, Page, Site


def translated_root(root, locale):
    """The site root in ``locale``; an alias of it when it has no translation yet, as
    wagtail-localize makes for the parents of a page it translates."""
    translation = root.get_translation_or_none(locale)
    if translation is None:
        translation = root.specific.copy_for_translation(locale, copy_parents=True, alias=True)
    return Page.objects.get(pk=translation.pk)


def site_roots(locales=None):
    """Every site's root page in each of ``locales`` (default: every locale)."""
    locales = Locale.objects.all() if locales is None else locales
    roots = [site.root_page for site in Site.objects.select_related("root_page")]
    return [translated_root(root, locale) for locale in locales for root in roots]


def permissions(pairs):
    """The ``Permission`` objects named by ``(app_label, codename)`` pairs."""
    return [permission(app_label, codename) for app_label, codename in pairs]


def permission(app_label, codename):
    """One ``Permission``. wagtail-localize's "Can submit translations" is made by a data
    migration, not from a model, so a database flushed since (a TransactionTestCase's) lacks
    it: it is made again here, as that migration makes it."""
    if (app_label, codename) == ("wagtail_localize", "submit_translation"):
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtail_localize", model="translation"
        )
        return Permission.objects.get_or_create(
            content_type=content_type, codename=codename, name="Can submit translations"
        )[0]
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_pages(group, pages, codenames, exactly=False):
    """Give ``group`` the page permissions ``codenames`` on ``pages`` and their descendants;
    with ``exactly``, take away every other page permission the group holds."""
    page_permissions = permissions(("wagtailcore", codename) for codename in codenames)
    kept = []
    for page in pages:
        for permission in page_permissions:
            grant, _created = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
            kept.append(grant.pk)
    if exactly:
        GroupPagePermission.objects.filter(group=group).exclude(pk__in=kept).delete()
