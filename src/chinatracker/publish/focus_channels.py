"""The default focus topic: donor channels compared (military, government, private...).

Figures come from `analysis.compare_channels` and `analysis.breakdown` over the issue's aid
records (Chinese donations shipped or delivered to a foreign country in the period, reviewed
or confident), and every printed number is a `Figure` over named records. The narrative is
template sentences filled with those figures, nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from chinatracker.analysis import breakdown, compare_channels, time_series
from chinatracker.analysis.channels import ChannelComparison, ChannelSummary
from chinatracker.publish.annex import (
    aid_rows,
    channel_label,
    country_name,
    figure_entries,
    labels,
)
from chinatracker.publish.charts import stacked_timeline
from chinatracker.publish.dates import between
from chinatracker.publish.figures import Figure, FigureBook
from chinatracker.publish.issue import Chart, Focus, KeyFigure, Table
from chinatracker.publish.notes import Notes
from chinatracker.publish.scope import Scope
from chinatracker.publish.text import Paragraph, Segment, cell, fill, names, noun
from chinatracker.publish.worldmap import ATTRIBUTION, LegendEntry, Shade, choropleth_svg
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalAid

DEFAULT_CHANNELS = ("military", "government", "private")


def _of(records: Sequence[CanonicalAid], countries: Sequence[str]) -> list[CanonicalAid]:
    wanted = set(countries)
    return [r for r in records if r.recipient_country in wanted]


class ChannelFigures:
    """The figures of one channel, registered in the issue's book."""

    def __init__(
        self,
        book: FigureBook,
        summary: ChannelSummary,
        records: Sequence[CanonicalAid],
    ) -> None:
        self.source = list(records)
        ch = summary.channel
        who = channel_label(ch, "short")
        self.records = book.count(f"{ch}-records", f"records of aid from {who}", records)
        self.countries = book.count(
            f"{ch}-countries", f"countries {who} gave to", records, measure_name="countries"
        )
        classified = [*summary.developing, *summary.developed]
        self.developing = book.share(
            f"{ch}-developing",
            f"share of the countries {who} gave to that are developing (UN M49)",
            _of(records, summary.developing),
            _of(records, classified),
        )
        self.bri = book.share(
            f"{ch}-bri",
            f"share of the countries {who} gave to that were Belt and Road members at the time",
            _of(records, summary.bri),
            _of(records, [*summary.bri, *summary.non_bri]),
        )
        self.defense = book.share(
            f"{ch}-defense",
            f"share of the records of {who} that went to defence ministries or armed forces",
            [r for r in records if r.institution_type == "defense"],
            records,
            of="records",
        )
        self.only = book.count(
            f"{ch}-only",
            f"countries only {who} gave to, of the channels compared",
            _of(records, summary.only),
            measure_name="countries",
        )
        with_masks = [r for r in records if r.quantities.get("masks")]
        self.masks = book.count(
            f"{ch}-masks",
            f"masks {who} gave, where a quantity was reported for a single recipient",
            with_masks,
            measure_name="sum:masks",
        )
        self.mask_records = book.count(
            f"{ch}-mask-records",
            f"records of {who} that report a mask quantity for a single recipient",
            with_masks,
        )


def _map(
    comparison: ChannelComparison, per_channel: dict[str, list[CanonicalAid]], ref: Reference
) -> Chart:
    by_country: dict[str, dict[str, int]] = defaultdict(dict)
    for channel, records in per_channel.items():
        for record in records:
            if record.recipient_country:
                counts = by_country[record.recipient_country]
                counts[channel] = counts.get(channel, 0) + 1
    shades = {}
    for iso3, counts in by_country.items():
        css = f"ch-{next(iter(counts))}" if len(counts) == 1 else "ch-several"
        parts = ", ".join(
            f"{channel_label(c).lower()} ({n} record{'s' if n > 1 else ''})"
            for c, n in counts.items()
        )
        shades[iso3] = Shade(css, f"{country_name(iso3, ref)}: {parts}", f"#country-{iso3}")
    legend = [
        LegendEntry(f"ch-{c}", channel_label(c), labels()["channels"][c]["colour"])
        for c in comparison.channels
        if any(len(v) == 1 and c in v for v in by_country.values())
    ]
    if any(len(v) > 1 for v in by_country.values()):
        several = labels()["several"]
        legend.append(LegendEntry("ch-several", several["name"], several["colour"]))
    svg = choropleth_svg(
        shades, legend, label="Recipient countries of Chinese aid by donor channel", reference=ref
    )
    return Chart(
        svg=svg,
        caption="Recipient countries by donor channel",
        alt="World map of the countries that received aid, coloured by the channel that gave it.",
        source=ATTRIBUTION,
    )


def _timeline(
    records: Sequence[CanonicalAid], channels: Sequence[str], scope: Scope, ref: Reference
) -> Chart:
    weeks = (scope.end - scope.start).days <= 240
    freq = "week" if weeks else "month"
    rows = time_series(records, freq, by="channel", reference=ref)
    periods = list(dict.fromkeys(r.key[0] for r in rows if r.key[0] != "unknown"))
    series = {}
    for channel in channels:
        counts = {r.key[0]: r.records for r in rows if r.key[1] == channel}
        series[channel_label(channel)] = [counts.get(p, 0) for p in periods]
    colours = {channel_label(c): labels()["channels"][c]["colour"] for c in channels}
    svg = stacked_timeline(periods, series, colours, ylabel="aid records", salt="timeline-channels")
    return Chart(
        svg=svg,
        caption=f"Aid records per {freq} by donor channel",
        alt=f"Bar chart of the number of aid records per {freq}, stacked by donor channel.",
        source="Canonical aid records dated by delivery, else by first report.",
    )


def _comparison_table(figures: dict[str, ChannelFigures], channels: Sequence[str]) -> Table:
    rows = []
    for channel in channels:
        f = figures[channel]
        rows.append(
            (
                cell(channel_label(channel)),
                cell(f.records),
                cell(f.countries),
                cell(f.developing),
                cell(f.bri),
                cell(f.defense),
                cell(f.only),
            )
        )
    return Table(
        caption="Donor channels compared",
        columns=(
            "Channel",
            "Records",
            "Countries",
            "Developing",
            "BRI at the time",
            "To defence",
            "Only this channel",
        ),
        rows=tuple(rows),
        numeric=(False, True, True, True, True, True, True),
        note="Developing: share of recipient countries the UN M49 classification counts as "
        "developing. BRI at the time: share that had a Belt and Road MoU when the channel first "
        "gave to them. To defence: share of records whose recipient is a defence ministry or "
        "armed force. Each number links to its records.",
    )


def _region_table(
    book: FigureBook,
    records: Sequence[CanonicalAid],
    channels: Sequence[str],
    ref: Reference,
) -> Table:
    rows = breakdown(records, "region", "channel", reference=ref)
    regions = sorted({r.key[0] for r in rows}, key=lambda k: (k == "unknown", k))
    by_id = {r.id: r for r in records}
    table_rows = []
    for region in regions:
        cells = [cell(region if region != "unknown" else "Not classified")]
        for channel in channels:
            found = next((r for r in rows if r.key == (region, channel)), None)
            chosen = [by_id[i] for i in found.record_ids] if found else []
            figure = book.count(
                f"{channel}-region-{region}",
                f"countries in {region} that {channel_label(channel, 'short')} gave to",
                chosen,
                measure_name="countries",
            )
            cells.append(cell(figure))
        table_rows.append(tuple(cells))
    return Table(
        caption="Recipient countries by UN region and channel",
        columns=("Region", *(channel_label(c) for c in channels)),
        rows=tuple(table_rows),
        numeric=(False, *(True for _ in channels)),
    )


def _narrative(
    book: FigureBook,
    comparison: ChannelComparison,
    figures: dict[str, ChannelFigures],
    everything: list[CanonicalAid],
    scope: Scope,
    ref: Reference,
) -> tuple[Paragraph, ...]:
    channels = comparison.channels
    first, others = channels[0], channels[1:]
    f0 = figures[first]
    total = book.count("all-records", "records of the channels compared", everything)
    reached = book.count(
        "all-countries",
        "countries any compared channel gave to",
        everything,
        measure_name="countries",
    )
    paragraphs: list[Paragraph] = []
    reach = [
        fill(
            "{between}, the tracker recorded {records} Chinese donations shipped or delivered "
            "to {countries} foreign countries by {who}.",
            between=_upper_first(between(scope.start, scope.end)),
            records=total,
            countries=reached,
            who=", ".join(channel_label(c, "short") for c in channels[:-1])
            + f" and {channel_label(channels[-1], 'short')}",
        ),
        fill(
            " {who} reached {countries} countries through {records} records",
            who=_upper_first(channel_label(first, "who")),
            countries=f0.countries,
            records=f0.records,
        ),
    ]
    for channel in others:
        f = figures[channel]
        reach.append(
            fill(
                "; {who}, {countries} countries ({records} records)",
                who=channel_label(channel, "who"),
                countries=f.countries,
                records=f.records,
            )
        )
    reach.append((".",))
    paragraphs.append(_sentences(reach))

    profile: list[Paragraph] = []
    if f0.developing.value is not None:
        profile.append(
            fill(
                "Of the countries {who} gave to, {share} are developing countries",
                who=channel_label(first, "short"),
                share=f0.developing,
            )
        )
        comparisons = [
            fill(
                "{share} for {who}",
                share=figures[c].developing,
                who=channel_label(c, "short"),
            )
            for c in others
            if figures[c].developing.value is not None
        ]
        if comparisons:
            profile.append((", against ",))
            profile.append(_listing(comparisons))
        profile.append((".",))
    if f0.bri.value is not None:
        profile.append(
            fill(
                " {share} had signed a Belt and Road memorandum by the time {who} first gave "
                "to them.",
                share=f0.bri,
                who=channel_label(first, "short"),
            )
        )
    if profile:
        paragraphs.append(_sentences(profile))

    defence: list[Paragraph] = []
    if f0.defense.value is not None:
        defence.append(
            fill(
                "{share} of the records of {who} went to defence ministries or armed forces",
                share=f0.defense,
                who=channel_label(first, "short"),
            )
        )
        others_defence = [
            fill("{share} for {who}", share=figures[c].defense, who=channel_label(c, "short"))
            for c in others
            if figures[c].defense.value is not None
        ]
        if others_defence:
            defence.append((", against ",))
            defence.append(_listing(others_defence))
        defence.append((".",))
    overlaps = []
    for other in others:
        both = set(comparison.overlap(first, other))
        shared = [
            r for c in (first, other) for r in figures[c].source if r.recipient_country in both
        ]
        figure = book.count(
            f"overlap-{first}-{other}",
            f"countries both {channel_label(first, 'short')} and "
            f"{channel_label(other, 'short')} gave to",
            shared,
            measure_name="countries",
        )
        overlaps.append(
            fill(
                "{n} {countries} received aid from both {a} and {b}",
                n=figure,
                countries=noun(figure, "country", "countries"),
                a=channel_label(first, "short"),
                b=channel_label(other, "short"),
            )
        )
    if overlaps and f0.countries.value:
        defence.append((" ",))
        defence.append(_capital(_listing(overlaps, last="; ", between="; ")))
        defence.append(
            fill(
                "; {only} {countries} received aid from {who} alone.",
                only=f0.only,
                countries=noun(f0.only, "country", "countries"),
                who=channel_label(first, "short"),
            )
        )
    if defence:
        paragraphs.append(_sentences(defence))

    quantities: list[Paragraph] = []
    with_masks = [c for c in channels if figures[c].mask_records.value]
    if with_masks:
        quantities.append(
            (
                "Quantities are rarely reported per recipient, so sums are lower bounds. Where "
                "they are, ",
            )
        )
        quantities.append(
            _listing(
                [
                    fill(
                        "{who} gave at least {masks} masks in {n} records",
                        who=channel_label(c, "short"),
                        masks=figures[c].masks,
                        n=figures[c].mask_records,
                    )
                    for c in with_masks
                ]
            )
        )
        quantities.append((".",))
        paragraphs.append(_sentences(quantities))
    return tuple(paragraphs)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentences(parts: Sequence[Paragraph]) -> Paragraph:
    return tuple(s for p in parts for s in p)


def _listing(parts: Sequence[Paragraph], last: str = " and ", between: str = ", ") -> Paragraph:
    """A, B and C."""
    out: list[Segment] = []
    for index, part in enumerate(parts):
        if index:
            out.append(last if index == len(parts) - 1 else between)
        out.extend(part)
    return tuple(out)


def _capital(paragraph: Paragraph) -> Paragraph:
    """The paragraph with its first letter in upper case (figures are left alone)."""
    if paragraph and isinstance(paragraph[0], str) and paragraph[0]:
        return (paragraph[0][0].upper() + paragraph[0][1:], *paragraph[1:])
    return paragraph


def channel_focus(
    records: Sequence[CanonicalAid],
    scope: Scope,
    notes: Notes,
    book: FigureBook,
    reference: Reference,
    channels: Sequence[str] = DEFAULT_CHANNELS,
) -> Focus:
    """The focus section comparing donor channels over the issue's aid records."""
    comparison = compare_channels(
        records, channels, selection=scope.aid_selection(), reference=reference
    )
    per_channel: dict[str, list[CanonicalAid]] = {c: [] for c in comparison.channels}
    for record in records:
        if record.donor_channel in per_channel:
            per_channel[record.donor_channel].append(record)
    everything = [r for c in comparison.channels for r in per_channel[c]]
    figures = {}
    for summary in comparison.summaries:
        figures[summary.channel] = ChannelFigures(book, summary, per_channel[summary.channel])
    narrative = _narrative(book, comparison, figures, everything, scope, reference)
    tables = (
        _comparison_table(figures, comparison.channels),
        _region_table(book, everything, comparison.channels, reference),
    )
    first = comparison.channels[0]
    key = [
        KeyFigure(figures[c].countries, f"countries received {channel_label(c).lower()} aid")
        for c in comparison.channels[:3]
    ]
    key.append(
        KeyFigure(
            figures[first].defense,
            f"of {channel_label(first).lower()} aid records went to defence ministries and "
            "armed forces",
        )
    )
    chips = {
        r.id: f"{r.recipient_country or r.recipient_label[:12]} "
        f"{(r.reference_date or scope.start):%d %b}"
        for r in everything
    }
    who = names([channel_label(c, "short") for c in comparison.channels], {})
    return Focus(
        kind="channels",
        title="Who gave what to whom: China's aid by donor channel",
        standfirst=(
            f"How the aid of {who} differed {between(scope.start, scope.end)}: "
            "which countries each reached, how many were developing countries and Belt and "
            "Road members, and how much went to armed forces."
        ),
        key_figures=tuple(key),
        narrative=narrative,
        world_map=_map(comparison, per_channel, reference),
        timeline=_timeline(everything, comparison.channels, scope, reference),
        tables=tables,
        records=aid_rows(everything, notes, reference, book),
        figure_entries=figure_entries(book, chips),
        empty=not everything,
    )


__all__ = ["DEFAULT_CHANNELS", "Figure", "channel_focus"]
