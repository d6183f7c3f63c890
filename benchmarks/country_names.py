"""Does reading countries as real text names them keep the extractor's speed?

    python benchmarks/country_names.py                 # a slice of >= 100k words
    python benchmarks/country_names.py --min-words 300000

Reads `../shared/corpus/china_media/articles.jsonl` in place and times the whole extraction
(`Extractor(engine="rules").extract`, no database) twice in one process on the same texts,
alternating rounds: as shipped, and with the passes of the countries issue switched off (the
edit-distance fallback for misspelt names, the office-holders' dates and the role of every
mention). Prints both rates and `ratio with / without`: the target is >= 0.90 (throughput
unchanged within 10%). The rules engine is timed because the learned model's cost does not
depend on these passes and would only dilute the difference.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from common import machine
from extract_throughput import CORPUS, documents, texts

from chinatracker.extract import pipeline
from chinatracker.extract.gazetteer import Gazetteer
from chinatracker.extract.pipeline import Extractor


@contextmanager
def countries_passes_off() -> Iterator[None]:
    """The extractor as it was before: no misspelling fallback, no offices, no roles."""

    def unchanged(mentions: Any, *_: Any) -> Any:
        return list(mentions)

    def no_misspellings(self: Gazetteer, text: str, found: Any) -> Any:
        return found

    def plain_roles(text: str, mentions: Any) -> Any:
        return list(mentions)

    saved: dict[str, Callable[..., Any]] = {
        "with_context_roles": pipeline.with_context_roles,
        "with_offices": pipeline.with_offices,
        "with_aid_roles": pipeline.with_aid_roles,
    }
    saved_spelling = Gazetteer._with_misspellings
    pipeline.with_context_roles = plain_roles  # type: ignore[assignment]
    pipeline.with_offices = unchanged  # type: ignore[assignment]
    pipeline.with_aid_roles = unchanged  # type: ignore[assignment]
    Gazetteer._with_misspellings = no_misspellings  # type: ignore[method-assign]
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(pipeline, name, function)
        Gazetteer._with_misspellings = saved_spelling  # type: ignore[method-assign]


def timed(extractor: Extractor, bodies: list[str]) -> float:
    start = time.perf_counter()
    for document in documents(bodies):
        extractor.extract(document)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-words", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    bodies = texts(CORPUS, args.min_words)
    words = sum(len(b.split()) for b in bodies)
    extractor = Extractor(engine="rules")
    extractor.extract(next(documents(bodies[:1])))  # build the gazetteer and caches once
    with_passes, without = [], []
    for _ in range(args.rounds):  # alternate, so load on a shared machine hits both alike
        with_passes.append(timed(extractor, bodies))
        with countries_passes_off():
            without.append(timed(extractor, bodies))
    best_with, best_without = min(with_passes), min(without)
    print(f"country names throughput on {machine()}: {len(bodies)} articles, {words:,} words")
    print(f"  with the countries passes    {words / best_with:12,.0f} words/s")
    print(f"  without them (baseline)      {words / best_without:12,.0f} words/s")
    ratio = best_without / best_with
    print(f"ratio with / without: {ratio:.3f} (target >= 0.90)")
    return 0 if ratio >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
