"""Cross-language merging on stories of our own: the same batch told in Chinese and in English
is one canonical record with both sources; another batch to the same country stays apart."""

from __future__ import annotations

from pathlib import Path

from chinatracker.evaluation.crosslang import Pair, load_pairs, score_pairs
from chinatracker.extract.pipeline import Extractor

CHINESE = """---
title: 解放军向老挝军队援助疫苗
date: 2021-03-02
language: zh
---

经中央军委批准，中国人民解放军向老挝人民军援助的一批新冠疫苗于3月1日运抵万象。
"""
ENGLISH = """---
title: PLA vaccines reach the Lao army
date: 2021-03-02
---

The Chinese People's Liberation Army donated a batch of COVID-19 vaccines to the armed forces of
Laos in Vientiane on 1 March, the Ministry of National Defense said.
"""
LATER = """---
title: More Chinese vaccines for Laos
date: 2021-06-20
---

China's People's Liberation Army donated another batch of COVID-19 vaccines to the armed forces
of Laos in Vientiane on 18 June.
"""


def test_one_batch_in_two_languages_is_one_record_and_another_batch_is_not(
    tmp_path: Path,
) -> None:
    for name, body in (("zh.md", CHINESE), ("en.md", ENGLISH), ("later.md", LATER)):
        (tmp_path / name).write_text(body, encoding="utf-8")
    pairs = [Pair("zh.md", "en.md", "LAO"), Pair("zh.md", "later.md", "LAO", same=False)]
    same, different = score_pairs(pairs, tmp_path, Extractor(engine="rules"))
    assert same.merged and same.right, same.why
    assert not different.merged and different.right, different.why


def test_the_committed_pairs_name_documents_of_both_corpora(shared_corpus: Path) -> None:
    pairs = load_pairs(Path(__file__).parents[1] / "gold" / "crosslang" / "pairs.yaml")
    assert len([p for p in pairs if p.same]) >= 8
    for pair in pairs:
        assert pair.zh.startswith("zh_reports/") and (shared_corpus / pair.zh).is_file()
        assert pair.en.startswith("aid_reports/") and (shared_corpus / pair.en).is_file()
