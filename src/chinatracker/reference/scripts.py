"""Chinese scripts: telling simplified from traditional text, and reading one as the other.

Traditional characters are mapped one to one onto simplified ones (`data/zh_t2s.tsv`), so a
converted text has the length of the original and an offset found in one is an offset in the
other: the extractor matches its simplified vocabularies on the converted text and keeps its
evidence on the characters as stored.
"""

from __future__ import annotations

from functools import cache

from chinatracker.reference.resources import data_file

HANS = "Hans"
HANT = "Hant"


@cache
def _table() -> dict[int, int]:
    table: dict[int, int] = {}
    for line in data_file("zh_t2s.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, simplified = line.split("\t")
        table[ord(traditional)] = ord(simplified)
    return table


@cache
def _simplified_only() -> frozenset[str]:
    """Simplified forms that are not themselves traditional characters (我 is both; 们 is not)."""
    table = _table()
    return frozenset(chr(s) for s in table.values() if s not in table)


def translation_pairs() -> tuple[str, str]:
    """The table as two strings of equal length (traditional, simplified), for SQL's
    `translate(text, from, to)`: PostgreSQL reads both scripts with the same table."""
    table = _table()
    keys = sorted(table)
    return "".join(map(chr, keys)), "".join(chr(table[k]) for k in keys)


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)


def to_simplified(text: str) -> str:
    """The text with every traditional character replaced by its simplified form; same length."""
    return text.translate(_table())


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def han_share(text: str) -> float:
    """Share of Han characters among the letters of `text` (0 when it has none)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if is_han(ch)) / len(letters)


def chinese_script(text: str) -> str | None:
    """`Hant` when traditional-only characters outnumber simplified-only ones, `Hans` when the
    reverse, None when the text shows neither (too short, or only characters both scripts share)."""
    table = _table()
    simplified = _simplified_only()
    traditional = sum(1 for ch in text if ord(ch) in table)
    simple = sum(1 for ch in text if ch in simplified)
    if traditional == simple:
        return None
    return HANT if traditional > simple else HANS


def is_chinese(language: str | None) -> bool:
    """`zh`, `zh-Hans`, `zh-Hant`, `zh-CN` …: a document the Chinese extractor reads."""
    return bool(language) and str(language).lower().split("-")[0] == "zh"
