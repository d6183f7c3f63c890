"""Named extraction engines: `chinatracker extract --engine NAME` picks one from here.

An engine decides where documents are extracted (this process, a Dask cluster); all of them
write through `scale.runs.save_batch`, so every engine is resumable and idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chinatracker.errors import ConfigError
from chinatracker.extract.pipeline import Extractor
from chinatracker.scale import dask_engine
from chinatracker.scale.runs import RunSummary, run_local
from chinatracker.store.database import Store


@dataclass(frozen=True)
class EngineOptions:
    batch_size: int = 50
    scheduler: str | None = None  # a Dask scheduler address; None starts a local cluster
    workers: int | None = None
    on_batch: Callable[[int], None] | None = None


Engine = Callable[[Store, Extractor, EngineOptions], RunSummary]
_ENGINES: dict[str, Engine] = {}


def register_engine(name: str, engine: Engine) -> None:
    _ENGINES[name] = engine


def engine_names() -> list[str]:
    return sorted(_ENGINES)


def get_engine(name: str) -> Engine:
    if name not in _ENGINES:
        raise ConfigError(f"unknown engine {name!r}; choose one of: {', '.join(engine_names())}")
    return _ENGINES[name]


def _local(store: Store, extractor: Extractor, options: EngineOptions) -> RunSummary:
    return run_local(store, extractor, batch_size=options.batch_size, on_batch=options.on_batch)


register_engine("local", _local)
register_engine("dask", dask_engine.run_dask)
