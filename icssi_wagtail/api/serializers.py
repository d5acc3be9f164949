"""Wagtail's serializers, with ``detail_url`` on the request's host (``addresses``)."""

from rest_framework.relations import RelatedField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.images.api.v2.serializers import ImageSerializer as ImageSerializerBase

from .addresses import DetailUrlField


class PageParentField(RelatedField):
    """``meta.parent`` as Wagtail gives it, its ``detail_url`` on the request's host."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        parent = instance.get_parent()
        if self.context["base_queryset"].filter(id=parent.id).exists():
            return parent
        return None

    def to_representation(self, value):
        serializer_class = wagtail_serializers.get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class BaseSerializer(wagtail_serializers.BaseSerializer):
    detail_url = DetailUrlField()


class PageSerializer(wagtail_serializers.PageSerializer):
    detail_url = DetailUrlField()
    parent = PageParentField()


class ImageSerializer(ImageSerializerBase):
    detail_url = DetailUrlField()
