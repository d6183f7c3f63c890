"""Settings: defaults < config file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from chinatracker.config import Settings, load_settings
from chinatracker.errors import ConfigError


def test_defaults_when_nothing_is_set(tmp_path: Path) -> None:
    assert (
        load_settings(None, env={"CHINATRACKER_CONFIG": str(tmp_path / "none.toml")}) == Settings()
    )


def test_file_then_environment_then_flags(tmp_path: Path) -> None:
    config = tmp_path / "chinatracker.toml"
    config.write_text(
        '[chinatracker]\ndb = "from-file.sqlite"\nmax_file_bytes = 1000\ningest_batch_size = 7\n'
    )
    settings = load_settings(config, env={"CHINATRACKER_MAX_FILE_BYTES": "2000"})
    assert (settings.db, settings.max_file_bytes, settings.ingest_batch_size) == (
        "from-file.sqlite",
        2000,
        7,
    )
    assert settings.with_overrides(db="flag.sqlite", max_file_bytes=None).db == "flag.sqlite"


def test_bad_values_and_unknown_keys_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="max_file_bytes"):
        load_settings(None, env={"CHINATRACKER_MAX_FILE_BYTES": "lots"})
    config = tmp_path / "c.toml"
    config.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(config, env={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", env={})
