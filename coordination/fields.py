"""An encrypted date: core.fields' encryption of a `datetime.date` (ISO text inside the token).

A birth date, with a name, identifies the person; in this app the mere presence of a row says
that the person has a criminal record, so the date is encrypted like the other personal fields.
The duplicate search does not need it in SQL: it compares a keyed hash (`Person.match_key`)."""

import datetime

from django.core import exceptions
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedMixin


class EncryptedDateField(EncryptedMixin, models.TextField):
    description = _("暗号化した日付")

    def to_text(self, value) -> str:
        return value.isoformat()

    def to_python(self, value):
        if (
            value is None
            or isinstance(value, datetime.date)
            and not isinstance(value, datetime.datetime)
        ):
            return value
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise exceptions.ValidationError(
                _("日付を YYYY-MM-DD の形で入力してください。"),
                code="invalid",
                params={"value": value},
            ) from None

    def formfield(self, **kwargs):
        from django import forms

        return forms.DateField(label=self.verbose_name, required=not self.blank, **kwargs)
