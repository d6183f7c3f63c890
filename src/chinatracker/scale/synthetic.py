"""A synthetic news corpus for benchmarks and scale tests, any size, streamed.

Articles are written from our own templates (`scale/data/articles.yaml`) filled with the
reference data: real country names, capitals and demonyms, real Chinese donors by channel
(`reference/data/actors.yaml`), UN missions, dates and quantities. They read like the wire
stories the tracker ingests and give the extractor real work (aid deliveries, exercises, visits,
quotes, claims). Each article depends only on (seed, index), so a corpus is reproducible and
can be generated in pieces; nothing is held in memory beyond one article.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from chinatracker.reference.actors import actor_index
from chinatracker.reference.countries import country_index
from chinatracker.yaml_io import safe_load

FIRST_DAY = dt.date(2015, 1, 1)
DAYS = (dt.date(2026, 6, 30) - FIRST_DAY).days
NOT_FOREIGN = frozenset({"CHN", "TWN", "HKG", "MAC"})
THEATERS = ("Southern Theater Command", "Eastern Theater Command", "Western Theater Command")


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    published: dt.date
    publisher: str
    url: str

    def as_json(self) -> dict[str, str]:
        return {
            "title": self.title,
            "text": self.text,
            "published": self.published.isoformat(),
            "publisher": self.publisher,
            "url": self.url,
        }


@dataclass(frozen=True)
class _Pools:
    """Everything the templates draw from, loaded once per process."""

    templates: dict[str, Any]
    kinds: tuple[str, ...]
    kind_weights: tuple[float, ...]
    countries: tuple[tuple[str, str, str], ...]  # name, capital, demonym
    country_weights: tuple[float, ...]
    donors: tuple[str, ...]
    military: tuple[str, ...]
    companies: tuple[str, ...]
    un_missions: tuple[str, ...]


@cache
def _pools() -> _Pools:
    templates = read_yaml_here("articles.yaml")
    demonyms: dict[str, str] = {}
    for alias in country_index().aliases:
        if alias.kind == "demonym" and not alias.ambiguous:
            demonyms.setdefault(alias.iso3, alias.alias)
    countries = [
        (c.name, c.capital, demonyms[c.iso3])
        for c in country_index().all()
        if c.iso3 not in NOT_FOREIGN and c.capital and c.iso3 in demonyms and c.developing
    ]
    random.Random(3).shuffle(countries)
    actors = actor_index().actors
    by_channel: dict[str, list[str]] = {}
    for actor in actors:
        if actor.channel and actor.country == "CHN" and not actor.patterns:
            by_channel.setdefault(actor.channel, []).append(actor.name)
    kinds = templates["kinds"]
    return _Pools(
        templates=templates,
        kinds=tuple(kinds),
        kind_weights=tuple(float(k["weight"]) for k in kinds.values()),
        countries=tuple(countries),
        # A few countries take most of the coverage, as in real news (Zipf).
        country_weights=tuple(1 / (rank + 1) ** 0.8 for rank in range(len(countries))),
        donors=tuple(
            n
            for channel in ("government", "subnational", "soe", "private")
            for n in by_channel.get(channel, ())
        ),
        military=tuple(by_channel.get("military", ())),
        companies=(*by_channel.get("soe", ()), *by_channel.get("private", ())),
        un_missions=tuple(
            a.name
            for a in actors
            if a.name.startswith("United Nations") and ("Mission" in a.name or "Force" in a.name)
        ),
    )


def read_yaml_here(name: str) -> Any:
    """Read a data file of this package (scale/data/)."""
    text = (files("chinatracker.scale") / "data" / name).read_text(encoding="utf-8")
    return safe_load(text)


def _number(rng: random.Random, low: int, high: int) -> str:
    value = rng.randint(low, high)
    if value >= 1_000_000 and rng.random() < 0.5:
        return f"{value / 1_000_000:.1f} million"
    return f"{value:,}"


def _money(rng: random.Random) -> str:
    amount = rng.choice([1.5, 2, 3.2, 5, 8, 12, 20, 45, 120, 300])
    return rng.choice(
        [f"${amount} million", f"{amount * 7:.0f} million yuan", f"US${amount} million"]
    )


def _date_phrase(rng: random.Random, day: dt.date, published: dt.date) -> str:
    if day == published:
        return rng.choice(["on " + day.strftime("%A"), "today", "on " + day.strftime("%A")])
    return rng.choice(
        [
            "on " + day.strftime("%A"),
            f"on {day.day} {day:%B}",
            f"on {day:%B} {day.day}",
            f"on {day:%B} {day.day}, {day.year}",
        ]
    )


def _slots(rng: random.Random, pools: _Pools, published: dt.date) -> dict[str, str]:
    people = pools.templates["people"]
    picks = rng.choices(pools.countries, weights=pools.country_weights, k=3)
    (country, capital, demonym), second, third = picks
    items = pools.templates["items"]
    (noun, low, high), (noun2, low2, high2) = rng.sample(items, 2)
    event_day = published - dt.timedelta(days=rng.choice([0, 0, 1, 2, 3, 5]))
    donor = rng.choice(pools.donors)
    return {
        "country": country,
        "capital": capital,
        "demonym": demonym,
        "country2": second[0],
        "country3": third[0],
        "donor": donor,
        "donor_short": donor.replace("Government of the People's Republic of China", "China"),
        "donor_military": rng.choice(pools.military),
        "company": rng.choice(pools.companies),
        "item": f"{_number(rng, low, high)} {noun}",
        "item2": f"{_number(rng, low2, high2)} {noun2}",
        "money": _money(rng),
        "number": f"{rng.choice([3, 12, 40, 120, 300, 700, 1200, 5000]):,}",
        "year": str(rng.randint(1995, max(1996, published.year - 1))),
        "days": str(rng.choice([5, 7, 9, 10, 14])),
        "date": _date_phrase(rng, event_day, published),
        "dateline": f"{published:%B} {published.day}",
        "cn_person": _person(rng, people["chinese_family"], people["chinese_given"]),
        "fn_person": _person(rng, people["foreign_given"], people["foreign_family"]),
        "fn_role": rng.choice(people["roles_foreign"]),
        "role_cn": rng.choice(people["roles_chinese"]),
        "ship": rng.choice(pools.templates["ships"]),
        "exercise": rng.choice(pools.templates["exercises"]),
        "project": rng.choice(pools.templates["projects"]),
        "weapons": rng.choice(pools.templates["weapons"]),
        "theater": rng.choice(THEATERS),
        "un_mission": rng.choice(pools.un_missions) if pools.un_missions else "UN mission",
    }


def _person(rng: random.Random, first: list[str], last: list[str]) -> str:
    return f"{rng.choice(first)} {rng.choice(last)}"


def _fresh(rng: random.Random, published: dt.date) -> dict[str, str]:
    """Numbers drawn again for each paragraph, so one article does not repeat one figure."""
    return {
        "money": _money(rng),
        "number": f"{rng.choice([3, 12, 40, 120, 300, 700, 1200, 5000]):,}",
        "year": str(rng.randint(1995, max(1996, published.year - 1))),
    }


def article(index: int, *, seed: int = 0) -> Article:
    """The article at `index` of the corpus with this seed (the same on every machine)."""
    pools = _pools()
    rng = random.Random(f"{seed}:{index}")
    kind = rng.choices(pools.kinds, weights=pools.kind_weights)[0]
    template = pools.templates["kinds"][kind]
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    slots = _slots(rng, pools, published)
    paragraphs = [rng.choice(template["leads"])]
    body = list(template["body"])
    rng.shuffle(body)
    background = list(pools.templates["background"])
    rng.shuffle(background)
    wanted = rng.randint(8, 22)
    while len(paragraphs) < wanted and (body or background):
        source = body if body and (rng.random() < 0.6 or not background) else background
        paragraphs.append(source.pop())
    title = rng.choice(template["titles"]).format_map(slots)
    body_text = [p.format_map(slots | _fresh(rng, published)) for p in paragraphs]
    text = "\n\n".join([title, *body_text])
    publisher = rng.choice(pools.templates["publishers"])
    url = f"https://example.org/{publisher.lower().replace(' ', '-')}/{published}/{index}"
    return Article(title=title, text=text, published=published, publisher=publisher, url=url)


def articles(count: int, *, seed: int = 0, start: int = 0) -> Iterator[Article]:
    for index in range(start, start + count):
        yield article(index, seed=seed)


def write_jsonl(path: Path, count: int, *, seed: int = 0) -> tuple[int, int]:
    """Write `count` articles as JSON Lines for `chinatracker ingest`; (articles, words)."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for item in articles(count, seed=seed):
            words += len(item.text.split())
            out.write(json.dumps(item.as_json(), ensure_ascii=False) + "\n")
    return count, words


def write_texts(folder: Path, count: int, *, seed: int = 0) -> tuple[int, int]:
    """Write `count` articles as dated .txt files, 1,000 to a sub-folder; (articles, words)."""
    words = 0
    for index, item in enumerate(articles(count, seed=seed)):
        sub = folder / f"{index // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{item.published}-{index:07d}.txt").write_text(item.text, encoding="utf-8")
        words += len(item.text.split())
    return count, words
