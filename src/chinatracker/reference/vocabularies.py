"""The closed vocabularies of the export contract (vocabularies.yaml).

Each vocabulary maps a code to its one-line definition; validators and exporters check
values against these instead of repeating the lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from chinatracker.reference.resources import read_yaml


class Vocabularies:
    """Named vocabularies (donor_channel, institution_type, item, mode, status, ...)."""

    def __init__(self, data: dict[str, dict[str, str]]) -> None:
        self._data = {name: MappingProxyType(dict(terms)) for name, terms in data.items()}

    def names(self) -> tuple[str, ...]:
        """The vocabularies defined."""
        return tuple(self._data)

    def terms(self, vocabulary: str) -> Mapping[str, str]:
        """code -> definition for one vocabulary; KeyError for an unknown vocabulary."""
        return self._data[vocabulary]

    def codes(self, vocabulary: str) -> frozenset[str]:
        """The allowed codes of one vocabulary."""
        return frozenset(self._data[vocabulary])

    def is_valid(self, vocabulary: str, code: str) -> bool:
        """True when ``code`` belongs to ``vocabulary``."""
        return code in self._data[vocabulary]


@cache
def vocabularies() -> Vocabularies:
    """Load vocabularies.yaml once per process."""
    return Vocabularies(read_yaml("vocabularies.yaml"))


def vocabulary(name: str) -> frozenset[str]:
    """The allowed codes of one vocabulary."""
    return vocabularies().codes(name)
