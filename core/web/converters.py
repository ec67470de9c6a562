"""Path converters. Ids are at most 9 digits so that a huge number in a URL is a 404, not a
database overflow error (PostgreSQL refuses integers beyond its column's range)."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
