"""Field-encryption keys: parsed and checked, required in production (one clear line), kept in
var/ in development."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from core import crypto
from core.tests.test_settings import PRODUCTION_ENV, run_manage

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def test_keys_are_parsed_in_order_and_checked():
    assert crypto.parse_keys(f" {KEY_A} , {KEY_B},") == [KEY_A, KEY_B]
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key"):
        crypto.parse_keys(f"{KEY_A},not-a-key")
    with pytest.raises(ImproperlyConfigured, match="at least one"):
        crypto.parse_keys(" , ")


def test_production_requires_keys_and_development_keeps_one_in_var(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS must be set"):
        crypto.field_keys(None, production=True, var_dir=tmp_path)
    assert crypto.field_keys(KEY_A, production=True, var_dir=tmp_path) == [KEY_A]
    first = crypto.field_keys("", production=False, var_dir=tmp_path)
    assert crypto.field_keys(None, production=False, var_dir=tmp_path) == first  # survives
    key_file = tmp_path / crypto.DEVELOPMENT_KEY_FILE
    assert key_file.stat().st_mode & 0o077 == 0  # the owner's only


def test_encrypt_decrypt_under_several_keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    token = crypto.encrypt("前歴あり")
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert crypto.decrypt(token) == "前歴あり"
    assert not crypto.is_current(token)
    rotated = crypto.rotate(token)
    assert crypto.is_current(rotated) and crypto.decrypt(rotated) == "前歴あり"
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_production_refuses_to_start_without_or_with_a_bad_key():
    env = {**PRODUCTION_ENV}
    env.pop("FIELD_ENCRYPTION_KEYS")
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set in production" in result.stderr
    result = run_manage("check", env={**env, "FIELD_ENCRYPTION_KEYS": "too-short"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: key 1 is not a Fernet key" in result.stderr
    assert "too-short" not in result.stderr  # the value is never echoed
