"""Settings: one typed object, built from defaults, a config file, the environment and flags.

Precedence, lowest first: the defaults below, `chinatracker.toml` (or the file named by
`--config` / `CHINATRACKER_CONFIG`), environment variables `CHINATRACKER_<FIELD>`, then command
line flags. The object is passed down explicitly; nothing deeper reads the environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from chinatracker.errors import ConfigError

DEFAULT_CONFIG_FILE = "chinatracker.toml"
ENV_PREFIX = "CHINATRACKER_"


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with."""

    db: str = "tracker.sqlite"
    # Inputs larger than this are refused before they are read into memory.
    max_file_bytes: int = 25 * 1024 * 1024
    # Documents written per transaction while ingesting; bounds memory and lost work on a crash.
    ingest_batch_size: int = 200
    # Shorter texts are not worth storing: they are navigation stubs or extraction failures.
    min_text_chars: int = 40
    # A report's focus topic needs at least this many records, or `report` stops (--allow-thin).
    focus_min_records: int = 10
    # Seconds to wait for a URL to answer.
    fetch_timeout: float = 30.0
    out_dir: str = "out"
    # The event model file `extract` uses; empty means the one shipped with the package. Point it
    # at a model `chinatracker train --out FILE` wrote from your own reviews.
    event_model: str = ""
    # The sentence encoder candidate (`chinatracker train --candidates`, the `encoder` extra):
    # where its ONNX graph is written once (90 MB, built from the packaged weights), and how many
    # threads ONNX Runtime may use (1: one core per process, like the rest of the extractor).
    encoder_cache: str = "~/.cache/chinatracker/encoder"
    encoder_threads: int = 1

    @property
    def db_url(self) -> str:
        return database_url(self.db)

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with the given non-None values set (used for CLI flags)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def database_url(db: str) -> str:
    """Accept a file path or a SQLAlchemy URL; a path becomes an absolute SQLite URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _coerce(name: str, raw: Any, kind: type) -> Any:
    try:
        return kind(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot read {raw!r} as {kind.__name__}") from exc


def _field_types() -> dict[str, type]:
    types = {"str": str, "int": int, "float": float}
    return {f.name: types[str(f.type)] for f in fields(Settings)}


def load_settings(
    config_file: str | Path | None = None, env: dict[str, str] | None = None
) -> Settings:
    """Build settings from the config file and the environment (flags are applied by the caller)."""
    env = dict(os.environ) if env is None else env
    kinds = _field_types()
    values: dict[str, Any] = {}
    path = Path(config_file or env.get(ENV_PREFIX + "CONFIG") or DEFAULT_CONFIG_FILE)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path}: {exc}") from exc
        section = data.get("chinatracker", data)
        for key, raw in section.items():
            if key not in kinds:
                raise ConfigError(f"config file {path}: unknown setting {key!r}")
            values[key] = _coerce(key, raw, kinds[key])
    elif config_file is not None:
        raise ConfigError(f"config file {path} does not exist")
    for name, kind in kinds.items():
        raw_env = env.get(ENV_PREFIX + name.upper())
        if raw_env is not None:
            values[name] = _coerce(name, raw_env, kind)
    return Settings(**values)
