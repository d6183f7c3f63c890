"""Which of many regular expressions can match a text, told by the plain strings they require.

Python's `re` tries every alternative at every position: a hundred cue patterns searched over
each sentence cost more than the rest of the pass. But nearly every pattern needs some fixed
string to match (`donat\\w*[^.]{0,80}masks` needs "donat"), and a sentence holds only a few of
them. `LiteralIndex` keys each pattern by the strings it requires and looks up the text's
three-character windows, so only the few patterns whose strings are present are run. It is a
filter and never a judge: a pattern it offers is still searched, and one whose requirement
cannot be read (case-insensitive parts, none fixed) is always offered, so the results are those
of searching every pattern. `Gated` does the same for one costly pattern: an alternation of its
strings, which `re` scans fast, is searched first.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Hashable, Iterable, Iterator, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
GRAM = 3
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


# A string a pattern requires, and whether the pattern matches it ignoring case.
Needed = tuple[str, bool]


def required_strings(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains (case-sensitively), or None when
    no such set can be read from it (parts matched ignoring case give none)."""
    parsed = sre_parse.parse(pattern, flags)
    needed = _required(parsed, parsed.state.flags)
    if needed is None or any(folded for _, folded in needed):
        return None
    return frozenset(text for text, _ in needed)


def literal_gate(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """An alternation of the plain strings one of which every match of `pattern` holds, or None
    if none can be read: where the gate finds nothing, `pattern` cannot match. `re` scans an
    alternation of plain case-sensitive strings many times faster than a pattern of classes,
    repeats and assertions (not so ignoring case, so those parts give no gate)."""
    strings = required_strings(pattern.pattern, pattern.flags)
    if not strings:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(strings, key=lambda s: (-len(s), s))))


def _required(items: Sequence[tuple[Any, Any]], flags: int) -> frozenset[Needed] | None:
    """The most selective requirement of a sequence: a run of literals must all occur in a row;
    a group, a branch (one of its alternatives' requirements) or a repeat of at least one gives
    its own. Anything else (classes, assertions, optional parts) requires nothing."""
    found: list[frozenset[Needed]] = []
    run: list[str] = []
    folded = bool(flags & re.IGNORECASE)

    def close_run() -> None:
        if run:
            found.append(frozenset([("".join(run), folded)]))
            run.clear()

    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        close_run()
        needed: frozenset[Needed] | None = None
        if op is sre.SUBPATTERN:
            _, add, remove, inner = value
            needed = _required(inner, (flags | add) & ~remove)
        elif op is sre.BRANCH:
            options = [_required(alternative, flags) for alternative in value[1]]
            if all(option is not None for option in options):
                needed = frozenset().union(*options)  # type: ignore[arg-type]
        elif op in _REPEATS and value[0] >= 1:
            needed = _required(value[2], flags)
        elif op is sre.ATOMIC_GROUP:
            needed = _required(value, flags)
        if needed:
            found.append(needed)
    close_run()
    if not found:
        return None
    return max(found, key=lambda literals: (min(len(t) for t, _ in literals), -len(literals)))


def _trie(strings: list[str]) -> str:
    """A regex alternation of sorted, distinct, equally long `strings`, sharing prefixes."""
    if strings == [""]:
        return ""
    tails: dict[str, list[str]] = {}
    for string in strings:
        tails.setdefault(string[0], []).append(string[1:])
    branches = []
    for first, rest in tails.items():
        inner = _trie(rest)
        branches.append(re.escape(first) + (f"(?:{inner})" if "|" in inner else inner))
    return "|".join(branches)


class LiteralIndex(Generic[Key]):
    """Keys of patterns, looked up by the strings each pattern requires."""

    def __init__(self, patterns: Iterable[tuple[Key, str]]) -> None:
        self._always: list[Key] = []
        self._short: dict[str, list[Key]] = {}
        self._by_gram: dict[str, list[tuple[str, Key]]] = {}
        for key, pattern in patterns:
            strings = required_strings(pattern)
            if not strings:
                self._always.append(key)
                continue
            for string in sorted(strings):
                if len(string) < GRAM:
                    self._short.setdefault(string, []).append(key)
                else:
                    self._by_gram.setdefault(string[:GRAM], []).append((string, key))
        # Every window of the text that starts a required string, overlapping ones included:
        # the alternatives of a lookahead all have GRAM characters, so at most one fits at a
        # position, and a trie of them costs a few comparisons per character.
        self._windows = None
        if self._by_gram:
            self._windows = re.compile(f"(?=({_trie(sorted(self._by_gram))}))")

    def candidates(self, text: str) -> set[Key]:
        """The keys of the patterns that may match `text`: every pattern that does is among them."""
        keys = set(self._always)
        windows = set(self._windows.findall(text)) if self._windows is not None else set()
        for gram in windows:
            keys.update(key for string, key in self._by_gram[gram] if string in text)
        for string, short in self._short.items():
            if string in text:
                keys.update(short)
        return keys


class Gated:
    """A pattern searched only in text that holds one of the plain strings it requires."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.gate = literal_gate(pattern)

    def may_match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        return self.gate is None or self.gate.search(text, pos, endpos) is not None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self.may_match(text, pos, endpos):
            return None
        return self.pattern.search(text, pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if not self.may_match(text, pos, endpos):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)
