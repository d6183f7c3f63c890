"""The synthetic corpus: reproducible, streamed, and news the extractor finds facts in."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from chinatracker.extract.pipeline import Extractor
from chinatracker.records import Document
from chinatracker.scale.synthetic import article, articles, write_jsonl, write_texts


def test_an_article_depends_only_on_seed_and_index() -> None:
    assert article(41, seed=5) == article(41, seed=5)
    assert article(41, seed=5).text != article(42, seed=5).text
    assert article(41, seed=5).text != article(41, seed=6).text
    assert [a.text for a in articles(3, seed=5, start=40)][1] == article(41, seed=5).text


def test_articles_read_like_wire_stories() -> None:
    sample = list(articles(200, seed=1))
    words = [len(a.text.split()) for a in sample]
    assert 150 < sum(words) / len(words) < 800
    assert all(a.text.startswith(a.title + "\n\n") for a in sample)
    assert len({a.text for a in sample}) == len(sample)
    assert len(Counter(a.publisher for a in sample)) > 3
    assert "{" not in "".join(a.text for a in sample), "every slot filled"


def test_the_extractor_finds_aid_events_and_quotes_in_them() -> None:
    extractor = Extractor()
    found: Counter[str] = Counter()
    for number, item in enumerate(articles(60, seed=2), start=1):
        document = Document(
            id=number,
            path="synthetic",
            format="jsonl",
            text=item.text,
            published=item.published,
            content_hash=str(number),
            raw_hash=str(number),
        )
        extraction = extractor.extract(document)
        found.update(aid=len(extraction.aid), event=len(extraction.events))
        found.update(quote=len(extraction.quotes), entity=len(extraction.mentions))
    assert found["aid"] >= 10
    assert found["event"] >= 20
    assert found["quote"] >= 5
    assert found["entity"] >= 600


def test_jsonl_and_text_files_are_written_one_article_at_a_time(tmp_path: Path) -> None:
    count, words = write_jsonl(tmp_path / "a.jsonl", 25, seed=4)
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert count == len(lines) == 25
    first = json.loads(lines[0])
    assert set(first) == {"title", "text", "published", "publisher", "url"}
    assert words == sum(len(json.loads(line)["text"].split()) for line in lines)
    count, _ = write_texts(tmp_path / "txt", 1005, seed=4)
    files = sorted((tmp_path / "txt").rglob("*.txt"))
    assert count == len(files) == 1005
    assert {f.parent.name for f in files} == {"0000", "0001"}
    first_file = tmp_path / "txt" / "0000" / f"{article(0, seed=4).published}-0000000.txt"
    assert first_file.read_text(encoding="utf-8") == article(0, seed=4).text
