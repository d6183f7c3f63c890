"""Pick the real documents of the large annotation round (docs/annotation.md), before any training.

- every document of `../shared/corpus/aid_reports/` (201);
- 300 articles of `../shared/corpus/china_media/articles.jsonl` not annotated before: 150 drawn at
  random from the whole file, for true base rates, and 150 drawn from the articles that mention
  China's security or diplomacy, for recall on every taxonomy category;
- a tenth of those documents (50), drawn with their own seed, are annotated a second time,
  independently, to measure agreement (tests/gold/README.md);
- a top-up (`top_up`), drawn after the first 501 were annotated: the random and topical draws
  left most taxonomy categories with few passages, so up to `TOP_UP_PER_CATEGORY` more articles
  are drawn for each rare category from those its keywords find. The keywords only find
  candidates; every drawn article is annotated completely, like the others;
- a train extension (`extension`), drawn after the first event model: its learning curve was
  still rising and the rare categories had under ten training passages each, so 180 more
  articles are drawn by wider finders, rarest category first, then articles dense in security
  words. They only ever go to train (`make_splits.extend`); dev and test are unchanged.

Fixed seeds, so anyone can re-derive the sample. Prints `corpus<TAB>name<TAB>double` per document;
`name` is the file stem for aid_reports and `line-N` (from 1) for china_media.

Usage: python tests/gold/select_real.py [CORPUS_ROOT]
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[2] / "shared" / "corpus"
SEED = 14
DOUBLE_SEED = 1414
RANDOM_DRAW = 150
TOPIC_DRAW = 150
DOUBLE_SHARE = 0.10
SECURITY_OR_DIPLOMACY = re.compile(
    r"\b(PLA|People's Liberation Army|military|coast guard|South China Sea|navy|naval|warships?|"
    r"drills?|exercises?|defen[cs]e|peacekeep\w+|Taiwan|missiles?|troops|border|"
    r"foreign minist\w+|Wang Yi|Xi Jinping|Li Qiang|summit|state visit|bilateral|ambassador|"
    r"embassy|ASEAN|Belt and Road|FOCAC|Global Security Initiative|sanctions?|"
    r"cyber\w*|satellites?|nuclear|United Nations|Security Council|extradit\w+|scam)\b",
    re.IGNORECASE,
)


TOP_UP_SEED = 1415
TOP_UP_PER_CATEGORY = 10
# Candidate finders for the categories the first draws left thin, as (category, pattern).
TOP_UP = (
    ("projection.counter_piracy", r"\b(piracy|escort task force|Gulf of Aden)\b"),
    ("projection.peacekeeping", r"\bpeacekeep\w+"),
    ("projection.cyber_space", r"\b(cyber\w*|hack(ers?|ing)|satellites?|space station|Shenzhou)\b"),
    ("domestic.arms_trade", r"\b(arms (sales?|deals?|exports?)|fighter jets?|submarines?)\b"),
    ("domestic.force_development", r"\b(aircraft carrier|Rocket Force|defen[cs]e budget)\b"),
    ("diplomacy.law_enforcement", r"\b(scam cent\w+|extradit\w+|repatriat\w+|joint patrols?)\b"),
    ("diplomacy.exercises_port_calls", r"\b(joint (military )?(exercises?|drills?)|port call)\b"),
    ("projection.deployments", r"\b(coast guard|water cannon|Second Thomas Shoal|Taiwan Strait)\b"),
    ("diplomacy.military_aid", r"\b(military aid|military assistance|armed forces)\b"),
    ("projection.logistics", r"\b(naval base|military base|Ream|Djibouti|dual-use)\b"),
    ("domestic.policy", r"\b(National People.s Congress|nine-dash|ten-dash|standard map)\b"),
    ("aid.digital", r"\b(5G|data cent(er|re)s?|Digital Silk Road|undersea cables?)\b"),
)


def articles(corpus: Path) -> list[str]:
    path = corpus / "china_media" / "articles.jsonl"
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]


def keyword_draw(
    texts: list[str],
    finders: tuple[tuple[str, str], ...],
    used: set[int],
    rng: random.Random,
    per_finder: int,
) -> list[tuple[str, str]]:
    """Up to `per_finder` articles whose text one finder matches, finder by finder; a drawn
    article's line joins `used`, so no article is drawn twice."""
    drawn: list[tuple[str, str]] = []
    for _, pattern in finders:
        finder = re.compile(pattern, re.IGNORECASE)
        candidates = [i + 1 for i, t in enumerate(texts) if i + 1 not in used and finder.search(t)]
        for line in rng.sample(candidates, min(per_finder, len(candidates))):
            used.add(line)
            drawn.append(("china_media", f"line-{line}"))
    return drawn


def doubles(drawn: list[tuple[str, str]], seed: int) -> set[tuple[str, str]]:
    """A tenth of a draw, annotated twice to measure agreement."""
    return set(random.Random(seed).sample(drawn, round(len(drawn) * DOUBLE_SHARE)))


def top_up(corpus: Path, taken: set[int]) -> list[tuple[str, str]]:
    """More china_media articles for the thin categories; `taken` holds lines already drawn."""
    used = set(taken) | annotated_before()
    return keyword_draw(
        articles(corpus), TOP_UP, used, random.Random(TOP_UP_SEED), TOP_UP_PER_CATEGORY
    )


def top_up_doubles(drawn: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The top-up's tenth, so that the whole set keeps its tenth annotated twice."""
    return doubles(drawn, DOUBLE_SEED + 1)


EXTENSION_SEED = 1416
EXTENSION_PER_CATEGORY = 10
EXTENSION_TOTAL = 180
EXTENSION_SECOND = 150
EXTENSION_DENSE = 6
# Candidate finders for the train extension, rarest category first. The first top-up took
# almost every article its narrow keywords found, so these cast wider; they still only find
# candidates, and every drawn article is annotated completely.
EXTENSION = (
    (
        "domestic.force_development",
        r"\b(aircraft carriers?|hypersonic|stealth|Rocket Force|"
        r"military budget|defen[cs]e (budget|spending)|PLA Navy|nuclear arsenal)\b",
    ),
    ("aid.digital", r"\b(5G|data cent(er|re)s?|Digital Silk Road|undersea cables?)\b"),
    ("projection.counter_piracy", r"\b(piracy|pirates?|escort task force|Gulf of Aden)\b"),
    (
        "domestic.arms_trade",
        r"\b(arms (sales?|deals?|exports?|imports?)|fighter jets?|"
        r"submarines?|drones? (sales?|exports?))\b",
    ),
    ("architecture.un", r"\b(Security Council|General Assembly|Human Rights Council|veto)\b"),
    (
        "diplomacy.law_enforcement",
        r"\b(extradit\w+|scam|telecom fraud|fugitives?|Fox Hunt|"
        r"law enforcement|drug trafficking)\b",
    ),
    ("projection.peacekeeping", r"\b(peacekeep\w+|blue helmets|UNMISS|UNIFIL|MINUSMA)\b"),
    (
        "projection.logistics",
        r"\b(naval base|military base|Ream|Djibouti|dual-use|"
        r"overseas bases?)\b",
    ),
    ("projection.cyber_space", r"\b(cyber\w*|hack(ers?|ing)|satellites?|space station)\b"),
    ("diplomacy.military_aid", r"\b(military (aid|assistance|equipment)|armed forces)\b"),
    (
        "domestic.policy",
        r"\b(National People.s Congress|Two Sessions|nine-dash|standard map|"
        r"white paper|national security law)\b",
    ),
    (
        "projection.deployments",
        r"\b(coast guard|water cannon|Taiwan Strait|incursions?|"
        r"air defen[cs]e identification zone)\b",
    ),
    (
        "diplomacy.exercises_port_calls",
        r"\b(drills?|war ?games|naval exercises?|"
        r"military exercises?|port calls?|joint patrols?)\b",
    ),
    (
        "projection.hadr",
        r"\b(disaster relief|earthquake|floods?|humanitarian (aid|assistance)|"
        r"rescue teams?)\b",
    ),
)


def extension(corpus: Path, taken: set[int]) -> list[tuple[str, str]]:
    """The train extension, drawn after the first model showed that the rare categories had too
    few training passages (its learning curve still rising). Up to `EXTENSION_PER_CATEGORY`
    articles per finder, then articles dense in security words, up to `EXTENSION_TOTAL`.
    `make_splits.py` keeps them out of any story already in dev or test, so every one is train."""
    texts = articles(corpus)
    rng = random.Random(EXTENSION_SEED)
    used = set(taken) | annotated_before()
    drawn = keyword_draw(texts, EXTENSION, used, rng, EXTENSION_PER_CATEGORY)
    dense = [
        i + 1
        for i, t in enumerate(texts)
        if i + 1 not in used and len(SECURITY_OR_DIPLOMACY.findall(t)) >= EXTENSION_DENSE
    ]
    fill = max(0, EXTENSION_TOTAL - len(drawn))
    drawn += [("china_media", f"line-{n}") for n in rng.sample(dense, min(fill, len(dense)))]
    # A second wave, drawn when the first was annotated sooner than planned: more articles
    # dense in security words, with its own seed, so the first wave stays as it was.
    used |= {int(name.split("-")[1]) for _, name in drawn}
    dense = [n for n in dense if n not in used]
    wave = random.Random(EXTENSION_SEED + 1).sample(dense, min(EXTENSION_SECOND, len(dense)))
    return drawn + [("china_media", f"line-{n}") for n in wave]


def extension_doubles(drawn: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The extension's tenth, to measure this round's agreement."""
    return doubles(drawn, DOUBLE_SEED + 2)


def annotated_before() -> set[int]:
    """Line numbers (from 1) that already have gold under tests/gold/china_media/."""
    return {int(p.stem.split("-")[1]) for p in (HERE / "china_media").rglob("line-*.yaml")}


def select(corpus: Path) -> list[tuple[str, str, bool]]:
    chosen: list[tuple[str, str]] = [
        ("aid_reports", p.stem) for p in sorted((corpus / "aid_reports").glob("[0-9]*.md"))
    ]
    texts = articles(corpus)
    taken = annotated_before()
    rng = random.Random(SEED)
    left = [i for i in range(len(texts)) if i + 1 not in taken]
    random_draw = rng.sample(left, RANDOM_DRAW)
    topical = [
        i for i in left if i not in set(random_draw) and SECURITY_OR_DIPLOMACY.search(texts[i])
    ]
    topic_draw = rng.sample(topical, TOPIC_DRAW)
    chosen += [("china_media", f"line-{i + 1}") for i in random_draw + topic_draw]
    twice = doubles(chosen, DOUBLE_SEED)
    return [(c, name, (c, name) in twice) for c, name in chosen]


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    first = select(root)
    for corpus, name, double in first:
        print(f"{corpus}\t{name}\t{'double' if double else ''}")
    lines = {int(n.split("-")[1]) for c, n, _ in first if c == "china_media"}
    extra = top_up(root, lines)
    twice = top_up_doubles(extra)
    for corpus, name in extra:
        print(f"{corpus}\t{name}\ttop-up{' double' if (corpus, name) in twice else ''}")
    lines |= {int(n.split("-")[1]) for _, n in extra}
    more = extension(root, lines)
    again = extension_doubles(more)
    for corpus, name in more:
        print(f"{corpus}\t{name}\textension{' double' if (corpus, name) in again else ''}")
