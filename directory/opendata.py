"""The directory's open-data resources: the HSDS 3 tables of the public directory (published,
active services of published organizations), named hsds_<file> in the open-data package.
Registered when the app is ready; the same rows as `manage.py export_hsds` (directory.hsds.export)."""

from django.utils.translation import gettext_lazy as _

from core.opendata import Field, Resource, register
from directory.hsds import export as hsds
from directory.hsds import schema

PREFIX = "hsds_"
TITLES = {
    "organization": _("相談窓口・支援の情報（HSDS）: 機関・団体"),
    "service": _("相談窓口・支援の情報（HSDS）: 支援・サービス"),
    "attribute": _("相談窓口・支援の情報（HSDS）: 支援の分類"),
    "service_at_location": _("相談窓口・支援の情報（HSDS）: 支援の提供場所"),
    "location": _("相談窓口・支援の情報（HSDS）: 場所"),
    "phone": _("相談窓口・支援の情報（HSDS）: 電話番号"),
    "address": _("相談窓口・支援の情報（HSDS）: 住所"),
    "schedule": _("相談窓口・支援の情報（HSDS）: 受付時間"),
    "taxonomy_term": _("相談窓口・支援の情報（HSDS）: 分類の項目"),
    "taxonomy": _("相談窓口・支援の情報（HSDS）: 分類"),
}


def resource_name(resource: str) -> str:
    """hsds_services for the HSDS resource `service` (its file name, prefixed)."""
    return PREFIX + schema.RESOURCES[resource][0].removesuffix(".csv")


def _field(resource: str, name: str) -> Field:
    spec = schema.field_descriptor(name, resource)
    # A time with its offset (08:30+09:00) is text to a table-schema reader without "format".
    return Field(
        name,
        "string" if spec["type"] == "time" else spec["type"],
        required=name in schema.REQUIRED[resource],
    )


def _rows(resource: str):
    def rows(local_government):
        return hsds.rows(resource, local_government, hsds.PUBLIC)

    return rows


for _resource, (_path, _fields) in schema.RESOURCES.items():
    register(
        Resource(
            name=resource_name(_resource),
            title=TITLES[_resource],
            fields=tuple(_field(_resource, name) for name in _fields),
            rows=_rows(_resource),
            primary_key=("id",),
            foreign_keys=tuple(schema.foreign_keys(_resource, resource_name)),
        )
    )
