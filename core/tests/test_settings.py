"""Production settings come from the environment, with no insecure defaults."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "TSUNAGU_ENV": "production",
    "SECRET_KEY": "a-test-only-secret-key-that-is-long-and-random-enough-0123456789abcdef",
    "ALLOWED_HOSTS": "tsunagu.example.jp",
    "DATABASE_URL": "sqlite:///:memory:",
    "FIELD_ENCRYPTION_KEYS": "qlQ8Rx9bEhVJz0G1p1zRyiQ3pwhMnQ-_Fx5Vjvb8Ea4=",  # test-only key
}


def run_manage(*args, env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "TSUNAGU_ENV",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "FIELD_ENCRYPTION_KEYS",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = {**PRODUCTION_ENV}
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_to_start_in_production_without_allowed_hosts_or_database():
    for missing in ("ALLOWED_HOSTS", "DATABASE_URL"):
        env = {**PRODUCTION_ENV}
        del env[missing]
        result = run_manage("check", env=env)
        assert result.returncode != 0, missing
        assert missing in result.stderr


def test_every_setting_read_from_the_environment_is_in_env_example():
    import re

    settings_text = (BASE_DIR / "config" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', settings_text))
    example = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.M))
    assert names - listed == set(), f"missing from .env.example: {sorted(names - listed)}"


def test_it_refuses_to_start_in_production_with_debug_on():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


def test_it_refuses_to_start_in_production_with_a_short_secret_key():
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "x" * 49})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters in production (it has 49)" in result.stderr


def test_a_50_character_key_and_debug_off_start_in_production():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "k" * 50, "DEBUG": "false"}
    result = run_manage("check", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
