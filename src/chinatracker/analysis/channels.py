"""Comparing donor channels: who each reached, where they overlap, and how their aid differs.

For each channel: its recipient countries; how many are developing (the reference's UN
classification; countries it leaves unclassified are counted apart, not in the share); how many
were Belt and Road members *when the channel first gave to them* (the date of the channel's
earliest record to that country); the share of its records that went to defence institutions;
and the countries no other compared channel reached. Shares are None when nothing was counted.
Every country list maps back to the canonical records behind it (`record_ids`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from chinatracker.analysis.selection import AidSelection, RecordSource, select_aid
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid

DEFENSE = "defense"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class ChannelSummary:
    """One channel's figures."""

    channel: str
    records: int
    countries: tuple[str, ...]
    developing: tuple[str, ...]
    developed: tuple[str, ...]
    development_unknown: tuple[str, ...]
    bri: tuple[str, ...]
    non_bri: tuple[str, ...]
    bri_unknown: tuple[str, ...]
    defense_records: int
    defense_countries: tuple[str, ...]
    only: tuple[str, ...]
    record_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def share_developing(self) -> float | None:
        return _share(len(self.developing), len(self.developing) + len(self.developed))

    @property
    def share_bri(self) -> float | None:
        return _share(len(self.bri), len(self.bri) + len(self.non_bri))

    @property
    def share_defense(self) -> float | None:
        return _share(self.defense_records, self.records)

    def as_dict(self) -> dict[str, Any]:
        """A flat row: counts, shares and space-separated country lists."""
        return {
            "channel": self.channel,
            "records": self.records,
            "countries": len(self.countries),
            "developing": len(self.developing),
            "developed": len(self.developed),
            "share_developing": self.share_developing,
            "bri": len(self.bri),
            "non_bri": len(self.non_bri),
            "share_bri": self.share_bri,
            "defense_records": self.defense_records,
            "share_defense": self.share_defense,
            "only": len(self.only),
            "country_list": " ".join(self.countries),
            "only_list": " ".join(self.only),
            "non_bri_list": " ".join(self.non_bri),
        }


@dataclass(frozen=True)
class Overlap:
    """Countries two channels both reached."""

    a: str
    b: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class ChannelComparison:
    """The comparison of two or more channels under one selection."""

    channels: tuple[str, ...]
    summaries: tuple[ChannelSummary, ...]
    overlaps: tuple[Overlap, ...]
    common: tuple[str, ...]
    selection: AidSelection

    def summary(self, channel: str) -> ChannelSummary:
        for s in self.summaries:
            if s.channel == channel:
                return s
        raise KeyError(channel)

    def overlap(self, a: str, b: str) -> tuple[str, ...]:
        for o in self.overlaps:
            if {o.a, o.b} == {a, b}:
                return o.countries
        raise KeyError((a, b))

    def rows(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.summaries]

    def overlap_rows(self) -> list[dict[str, Any]]:
        return [
            {"a": o.a, "b": o.b, "countries": len(o.countries), "list": " ".join(o.countries)}
            for o in self.overlaps
        ]

    def as_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready."""
        return {
            "channels": list(self.channels),
            "summaries": [
                {**s.as_dict(), "record_ids": {k: list(v) for k, v in s.record_ids.items()}}
                for s in self.summaries
            ],
            "overlaps": self.overlap_rows(),
            "common": list(self.common),
            "selection": {
                k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in self.selection.__dict__.items()
            },
        }


def _first_dates(records: Sequence[CanonicalAid]) -> dict[str, dt.date | None]:
    first: dict[str, dt.date | None] = {}
    for record in records:
        country = record.recipient_country
        assert country is not None
        when = record.reference_date
        if country not in first:
            first[country] = when
        elif when is not None:
            current = first[country]
            first[country] = when if current is None else min(current, when)
    return first


def _summary(
    channel: str, records: Sequence[CanonicalAid], reached_elsewhere: set[str], reference: Reference
) -> ChannelSummary:
    by_country: dict[str, list[str]] = defaultdict(list)
    for record in records:
        assert record.recipient_country is not None
        by_country[record.recipient_country].append(record.id)
    countries = tuple(sorted(by_country))
    development: dict[bool | None, list[str]] = defaultdict(list)
    for iso3 in countries:
        country = reference.country(iso3)
        development[country.developing if country else None].append(iso3)
    bri: dict[bool | None, list[str]] = defaultdict(list)
    for iso3, when in sorted(_first_dates(records).items()):
        bri[None if when is None else reference.bri_member(iso3, when)].append(iso3)
    defense = [r for r in records if r.institution_type == DEFENSE]
    return ChannelSummary(
        channel=channel,
        records=len(records),
        countries=countries,
        developing=tuple(development[True]),
        developed=tuple(development[False]),
        development_unknown=tuple(development[None]),
        bri=tuple(bri[True]),
        non_bri=tuple(bri[False]),
        bri_unknown=tuple(bri[None]),
        defense_records=len(defense),
        defense_countries=tuple(
            sorted({r.recipient_country for r in defense if r.recipient_country})
        ),
        only=tuple(c for c in countries if c not in reached_elsewhere),
        record_ids={k: tuple(sorted(v)) for k, v in sorted(by_country.items())},
    )


def compare_channels(
    source: RecordSource,
    channels: Sequence[str],
    *,
    period: tuple[dt.date | None, dt.date | None] | None = None,
    include_unreviewed: bool = True,
    min_confidence: float = 0.0,
    selection: AidSelection | None = None,
    reference: Reference | None = None,
) -> ChannelComparison:
    """Compare two or more donor channels (see the module docstring for each figure).

    `selection` sets every other filter (modes, statuses, quality...); `period`,
    `include_unreviewed` and `min_confidence` override it.
    """
    wanted = tuple(dict.fromkeys(channels))
    if len(wanted) < 2:
        raise ValueError("compare at least two channels")
    reference = reference or Reference.load()
    chosen = replace(
        selection or AidSelection(),
        channels=wanted,
        include_unreviewed=include_unreviewed,
        min_confidence=min_confidence,
    )
    if period is not None:
        chosen = replace(chosen, start=period[0], end=period[1])
    per_channel: dict[str, list[CanonicalAid]] = {c: [] for c in wanted}
    for record in select_aid(source, chosen):
        per_channel[record.donor_channel].append(record)
    reached = {
        c: {r.recipient_country for r in rs if r.recipient_country} for c, rs in per_channel.items()
    }
    summaries = []
    for channel in wanted:
        elsewhere = set().union(*(reached[c] for c in wanted if c != channel))
        summaries.append(_summary(channel, per_channel[channel], elsewhere, reference))
    overlaps = tuple(
        Overlap(a, b, tuple(sorted(reached[a] & reached[b]))) for a, b in combinations(wanted, 2)
    )
    common = tuple(sorted(set.intersection(*(reached[c] for c in wanted))))
    return ChannelComparison(
        channels=wanted,
        summaries=tuple(summaries),
        overlaps=overlaps,
        common=common,
        selection=chosen,
    )
