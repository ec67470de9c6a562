"""Encrypted model fields: the value is a Fernet token in the database and plain in Python.

`EncryptedTextField` (str) and `EncryptedIntegerField` (int, e.g. a bit mask of choices) are
stored in a text column. Every write goes through `get_prep_value`, which encrypts, so no
plaintext reaches the database (saves, `update()`, `bulk_create`, `bulk_update`); every read
through `from_db_value`, which decrypts. The database cannot compare ciphertexts, so every
lookup but `isnull` is refused with a FieldError instead of silently matching nothing: filter in
Python after reading (see employment.seekers.matching). `manage.py rotate_keys` finds these
fields through `encrypted_fields()`.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks, exceptions
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import DatabaseError, models
from django.db.models import ExpressionWrapper, F
from django.utils.translation import gettext_lazy as _

from core import crypto

ALLOWED_LOOKUPS = frozenset({"isnull"})


class EncryptedMixin:
    """Encrypt on the way in, decrypt on the way out; no SQL on the value."""

    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def to_text(self, value) -> str:
        return str(value)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return self.to_python(crypto.decrypt(value, what=self._label()))

    def get_prep_value(self, value):
        if value is None:
            return None
        return crypto.encrypt(self.to_text(self.to_python(value)))

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            raise exceptions.FieldError(
                f"{self._label()} is encrypted: the database cannot compare it "
                f"(lookup '{lookup_name}'); read the rows and compare in Python."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        raise exceptions.FieldError(
            f"{self._label()} is encrypted: no transform ('{lookup_name}') applies to it."
        )

    def _label(self) -> str:
        model = getattr(self, "model", None)
        return f"{model._meta.label}.{self.name}" if model is not None else "an encrypted field"


class EncryptedTextField(EncryptedMixin, models.TextField):
    """Text (str in Python, '' allowed), encrypted at rest. Choices and max_length validate
    as usual."""

    description = _("暗号化した文字列")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:  # a TextField alone checks it only in forms
            self.validators.append(MaxLengthValidator(self.max_length))

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return str(value)


class EncryptedIntegerField(EncryptedMixin, models.TextField):
    """A whole number (int in Python) encrypted at rest; `min_value` is validated."""

    description = _("暗号化した整数")

    def __init__(self, *args, min_value: int | None = None, **kwargs):
        self.min_value = min_value
        super().__init__(*args, **kwargs)
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.min_value is not None:
            kwargs["min_value"] = self.min_value
        return name, path, args, kwargs

    def to_python(self, value):
        if value is None or isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(str(value).strip())
        except (TypeError, ValueError):
            raise exceptions.ValidationError(
                _("整数を入力してください。"), code="invalid", params={"value": value}
            ) from None

    def formfield(self, **kwargs):
        from django import forms

        return forms.IntegerField(
            label=self.verbose_name, required=not self.blank, min_value=self.min_value, **kwargs
        )


def encrypted_fields() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every installed concrete model with encrypted fields, and those fields (for rotation)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            field
            for field in model._meta.local_concrete_fields  # a parent's fields once, there
            if getattr(field, "encrypted", False) is True
        ]
        if fields:
            found.append((model, fields))
    return found


def _newest_token(model, field, alias: str):
    raw = ExpressionWrapper(F(field.attname), output_field=models.TextField())
    return (
        model._base_manager.using(alias)
        .exclude(**{f"{field.name}__isnull": True})
        .annotate(raw_token=raw)
        .order_by("-pk")
        .values_list("pk", "raw_token")
        .first()
    )


@checks.register(checks.Tags.database)
def check_keys_fit_the_data(app_configs=None, databases=None, **kwargs):
    """A wrong key refuses to start: `migrate` (run before every start, docs/operations.md)
    and `check --database default` try the newest stored value of every encrypted field with
    the configured keys. A table not created yet, or a column not encrypted yet (before its
    migration), is skipped."""
    errors = []
    for alias in databases or ():
        for model, fields in encrypted_fields():
            for field in fields:
                try:
                    row = _newest_token(model, field, alias)
                except DatabaseError:
                    continue
                if row is None or not str(row[1]).startswith(crypto.TOKEN_PREFIX):
                    continue
                try:
                    crypto.decrypt(str(row[1]))
                except crypto.DecryptionError:
                    errors.append(
                        checks.Error(
                            f"FIELD_ENCRYPTION_KEYS does not decrypt {model._meta.label}."
                            f"{field.name} (row {row[0]}): a wrong key, or an old key dropped "
                            "before rotate_keys finished.",
                            hint="Put back the key that encrypted the data (docs/encryption.md).",
                            id="core.E010",
                        )
                    )
    return errors
