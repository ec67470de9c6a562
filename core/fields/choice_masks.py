"""Sets of choices stored as bit masks (employment, coordination, housing): one bit per choice,
in the order the choices are declared. Changing that order would change stored values, so new
choices go at the end."""

from collections.abc import Iterable

from django.db import models


def bit(choices: type[models.TextChoices], value: str) -> int:
    return 1 << list(choices.values).index(value)


def to_mask(choices: type[models.TextChoices], values: Iterable[str]) -> int:
    """The mask of `values`; an unknown value is a ValueError."""
    mask = 0
    for value in values:
        mask |= bit(choices, value)
    return mask


def from_mask(choices: type[models.TextChoices], mask: int) -> list[str]:
    """The values whose bits are set, in declaration order."""
    return [value for i, value in enumerate(choices.values) if mask & (1 << i)]


def labels(choices: type[models.TextChoices], mask: int) -> list[str]:
    label_of = dict(choices.choices)
    return [str(label_of[value]) for value in from_mask(choices, mask)]
