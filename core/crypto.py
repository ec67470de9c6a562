"""Field encryption keys and the encryption of one value (docs/adr/0010-field-encryption.md).

Keys are Fernet keys (cryptography's AES-128-CBC + HMAC-SHA256 recipe). `FIELD_ENCRYPTION_KEYS`
holds several, comma-separated: the first encrypts, every one decrypts (MultiFernet), so a new
key is put first, `manage.py rotate_keys` re-encrypts every value under it, and only then is the
old key dropped. In production the keys come from the environment and a missing or malformed
key stops the start (`field_keys`, called from settings); in development and tests a key is
generated once into var/ (never into the repository) so that data survives restarts.

Values are text in the database: the Fernet token (ASCII, begins with "gAAAAA").
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured

ENV_NAME = "FIELD_ENCRYPTION_KEYS"
TOKEN_PREFIX = "gAAAAA"  # every Fernet token: the version byte 0x80 and a 64-bit timestamp
DEVELOPMENT_KEY_FILE = "field-encryption.key"


class DecryptionError(Exception):
    """A stored value that no configured key decrypts (a missing key, or an edited row)."""


def parse_keys(raw: str) -> list[str]:
    """The keys of a comma-separated list, each checked; ImproperlyConfigured names the bad one
    by position (never its value)."""
    keys = [item.strip() for item in raw.split(",") if item.strip()]
    if not keys:
        raise ImproperlyConfigured(f"{ENV_NAME} must hold at least one Fernet key.")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise ImproperlyConfigured(
                f"{ENV_NAME}: key {position} is not a Fernet key (32 url-safe base64 bytes; "
                "generate one as docs/encryption.md says)."
            ) from None
    return keys


def development_key(var_dir: Path) -> str:
    """The development key: generated once into var/ (readable by the owner only) and read
    from there afterwards, so development data stays readable across restarts."""
    path = Path(var_dir) / DEVELOPMENT_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
    return path.read_text(encoding="ascii").strip()


def field_keys(raw: str | None, *, production: bool, var_dir: Path) -> list[str]:
    """The keys for settings.FIELD_ENCRYPTION_KEYS. Production requires them from the
    environment; development falls back to the key in var/."""
    if raw and raw.strip():
        return parse_keys(raw)
    if production:
        raise ImproperlyConfigured(
            f"The environment variable {ENV_NAME} must be set in production "
            "(comma-separated Fernet keys; see docs/encryption.md)."
        )
    return parse_keys(development_key(var_dir))


@functools.lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, MultiFernet]:
    fernets = [Fernet(key.encode("ascii")) for key in keys]
    return fernets[0], MultiFernet(fernets)


def _configured() -> tuple[Fernet, MultiFernet]:
    from django.conf import settings

    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    """The token of `text` under the newest key."""
    return _configured()[1].encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str, *, what: str = "a value") -> str:
    """The text of a token under any configured key; DecryptionError if none fits."""
    try:
        return _configured()[1].decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            f"{what} could not be decrypted: none of {ENV_NAME} fits (a key was dropped "
            "before rotate_keys finished, or the row was changed outside the application)."
        ) from None


def is_current(token: str) -> bool:
    """Whether `token` is already under the newest key (rotate_keys skips it)."""
    try:
        _configured()[0].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate(token: str, *, what: str = "a value") -> str:
    """`token` re-encrypted under the newest key (its plaintext never leaves this function)."""
    try:
        return _configured()[1].rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            f"{what} could not be decrypted for rotation: none of {ENV_NAME} fits."
        ) from None
