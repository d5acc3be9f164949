"""Themes: an ordered, translatable, controlled vocabulary built on django-taggit.

A theme has one row per locale (``TranslatableMixin``). All rows of a theme share its slug, so
``?theme=water`` means the same thing in every language, while the name and description are
translated. Pages are always tagged with the theme's row in the default locale (its *canonical*
row); templates and the API show :meth:`Theme.localized` names.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager, _ClusterTaggableManager
from taggit.models import ItemBase, TagBase
from wagtail.api import APIField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from ..request_memo import default_locale, remembered
from ..validators import validate_no_control_characters
from .translation import synchronised, translated


class ThemeQuerySet(models.QuerySet):
    def in_locale(self, locale):
        return self.filter(locale=locale)

    def canonical(self):
        """The rows pages are tagged with: one per theme, in the default locale."""
        return self.filter(locale=default_locale())


class Theme(TranslatableMixin, TagBase, index.Indexed):
    name = models.CharField(
        _("name"),
        max_length=100,
        validators=[validate_no_control_characters],
        help_text=_("Shown to visitors, translated into each language."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=False,
        help_text=_(
            "Used in addresses and the API, the same in every language, for example “water”."
        ),
    )
    description = models.TextField(
        _("description"), blank=True, max_length=500, help_text=_("One or two sentences.")
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Themes are listed from the lowest number up.")
    )

    # Editors may only pick themes that exist; Wagtail's tag widget enforces it.
    free_tagging = False

    objects = ThemeQuerySet.as_manager()

    override_translatable_fields = [
        *translated("name", "description"),
        # The slug is the theme's identity in addresses and the API: never translated.
        *synchronised("slug", "sort_order"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    api_fields = [
        APIField("slug"),
        APIField("name"),
        APIField("description"),
        APIField("sort_order"),
        # Annotated by the themes endpoint.
        APIField("activity_count"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale"), ("name", "locale")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # A new theme gets the default locale on save (Wagtail's pre_save handler).
        locale_id = self.locale_id or default_locale().pk
        siblings = Theme.objects.filter(locale_id=locale_id).exclude(pk=self.pk)
        errors = {}
        # PostgreSQL cannot compare text holding NUL; the fields' own validators refuse it.
        if self.slug and "\x00" not in self.slug and siblings.filter(slug=self.slug).exists():
            errors["slug"] = _("Another theme already uses this slug.")
        if self.name and "\x00" not in self.name and siblings.filter(name=self.name).exists():
            errors["name"] = _("Another theme already has this name.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            # TagBase.slugify checks uniqueness across all locales; a new theme's slug only
            # needs to be unique within its own.
            self.slug = self.slugify(self.name)
        return super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        return slugify(tag)[:100] + (f"-{i}" if i else "")


class ThemeTaggableManager(_ClusterTaggableManager):
    """Resolves theme names typed in any language to the theme's canonical row."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        names = [tag for tag in tags if isinstance(tag, str)]
        found = list(Theme.objects.filter(name__in=names)) if names else []
        unknown = set(names) - {theme.name for theme in found}
        if unknown:
            raise ValueError(f"Unknown theme(s): {', '.join(sorted(unknown))}.")
        keys = {theme.translation_key for theme in found}
        keys.update(tag.translation_key for tag in tags if isinstance(tag, Theme))
        return set(canonical_themes(keys))


def canonical_themes(translation_keys):
    """Return one row per theme: the default locale's when it exists, else the oldest."""
    chosen = {}
    default_locale_id = default_locale().pk
    for theme in Theme.objects.filter(translation_key__in=translation_keys).order_by("pk"):
        current = chosen.get(theme.translation_key)
        if current is None or (
            theme.locale_id == default_locale_id and current.locale_id != default_locale_id
        ):
            chosen[theme.translation_key] = theme
    return list(chosen.values())


class ThemeField(ClusterTaggableManager):
    """``ClusterTaggableManager`` for themes (see :class:`ThemeTaggableManager`)."""

    def __get__(self, instance, model):
        return ThemeTaggableManager(
            through=self.through, model=model, instance=instance, prefetch_cache_name=self.name
        )


class AbstractThemeTag(ItemBase):
    """Base for the through models that tag a page type with themes."""

    tag = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items"
    )

    class Meta:
        abstract = True


def localize_themes(themes, locale):
    """Map canonical themes to their rows in ``locale``, keeping their order.

    Themes with no translation in ``locale`` are returned as they are. The rows of a locale
    (a vocabulary of a few dozen at most) are read in one query per request
    (``request_memo.remembered``), none when every theme is in ``locale`` already.
    """
    themes = list(themes)
    if not themes:
        return []
    if all(theme.locale_id == locale.pk for theme in themes):
        return themes
    translated = remembered(
        ("themes-in-locale", locale.pk),
        lambda: {theme.translation_key: theme for theme in Theme.objects.filter(locale=locale)},
        scopes=("themes",),
    )
    return [translated.get(theme.translation_key, theme) for theme in themes]
