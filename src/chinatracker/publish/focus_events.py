"""A focus topic on one event category (or a whole section) of the taxonomy.

`chinatracker report --focus projection.deployments` prints: key figures (events, foreign
countries involved, events corroborated by two or more sources, source documents), a map of
the countries involved shaded by their number of events, events per week or month, a table
of the countries most involved, and template sentences built from those figures only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from chinatracker.errors import ConfigError
from chinatracker.publish.annex import country_name, event_rows, figure_entries, labels
from chinatracker.publish.charts import stacked_timeline
from chinatracker.publish.dates import between, period_words
from chinatracker.publish.figures import FigureBook, countries_of
from chinatracker.publish.issue import Chart, Focus, KeyFigure, Table
from chinatracker.publish.notes import Notes
from chinatracker.publish.scope import Scope
from chinatracker.publish.text import Paragraph, cell, fill, noun
from chinatracker.publish.worldmap import ATTRIBUTION, LegendEntry, Shade, choropleth_svg
from chinatracker.reference import Reference
from chinatracker.resolve.records import CanonicalEvent

# Events per country: the upper bound of each shade (the last is open-ended).
BINS = (1, 2, 4)


def focus_codes(focus: str, reference: Reference) -> tuple[str, tuple[str, ...]]:
    """The label and category codes of a focus given as a category or a section code."""
    taxonomy = reference.taxonomy
    if taxonomy.is_code(focus):
        return taxonomy.category(focus).label, (focus,)
    if focus in {s.code for s in taxonomy.sections}:
        codes = tuple(c.code for c in taxonomy.categories_in(focus))
        return taxonomy.section(focus).label, codes
    known = ", ".join(c.code for c in taxonomy.categories)
    raise ConfigError(
        f"unknown focus {focus!r}: use 'channels', a section "
        f"({', '.join(s.code for s in taxonomy.sections)}) or a category ({known})"
    )


def _bin(count: int) -> int:
    for index, upper in enumerate(BINS):
        if count <= upper:
            return index
    return len(BINS)


def _bin_label(index: int) -> str:
    lower = 1 if index == 0 else BINS[index - 1] + 1
    if index == len(BINS):
        return f"{lower}+ events"
    upper = BINS[index]
    if lower == upper:
        return f"{lower} event" if lower == 1 else f"{lower} events"
    return f"{lower}–{upper} events"


def _map(counts: Counter[str], reference: Reference, label: str) -> Chart:
    shades = {
        iso3: Shade(
            f"q{_bin(n)}",
            f"{country_name(iso3, reference)}: {n} event{'s' if n > 1 else ''}",
        )
        for iso3, n in counts.items()
    }
    colours = labels()["sequential"]
    used = sorted({_bin(n) for n in counts.values()})
    legend = [LegendEntry(f"q{i}", _bin_label(i), colours[i]) for i in used]
    return Chart(
        svg=choropleth_svg(shades, legend, label=f"Countries involved in {label}"),
        caption=f"Countries involved: {label.lower()}",
        alt="World map of the foreign countries involved, shaded by their number of events.",
        source=ATTRIBUTION,
    )


def _timeline(events: Sequence[CanonicalEvent], scope: Scope, reference: Reference) -> Chart:
    weekly = (scope.end - scope.start).days <= 240
    periods: list[str] = []
    day = scope.start
    while day <= scope.end:
        if weekly:
            year, week, _ = day.isocalendar()
            key = f"{year}-W{week:02d}"
        else:
            key = f"{day.year}-{day.month:02d}"
        if key not in periods:
            periods.append(key)
        day = day.fromordinal(day.toordinal() + 1)
    by_category: dict[str, Counter[str]] = {}
    for event in events:
        when = event.reference_date
        if when is None:
            continue
        year, week, _ = when.isocalendar()
        key = f"{year}-W{week:02d}" if weekly else f"{when.year}-{when.month:02d}"
        label = (
            reference.taxonomy.category(event.category).label
            if reference.taxonomy.is_code(event.category)
            else event.category
        )
        by_category.setdefault(label, Counter())[key] += 1
    colours = labels()["sequential"][::-1] + ["#777777"] * 12
    series = {name: [c.get(p, 0) for p in periods] for name, c in by_category.items()}
    palette = {name: colours[i] for i, name in enumerate(series)}
    freq = "week" if weekly else "month"
    return Chart(
        svg=stacked_timeline(periods, series, palette, ylabel="events", salt="timeline-events"),
        caption=f"Events per {freq}",
        alt=f"Bar chart of the number of events per {freq}.",
        source="Canonical events dated by the event, else by first report.",
    )


def event_focus(
    events: Sequence[CanonicalEvent],
    focus: str,
    scope: Scope,
    notes: Notes,
    book: FigureBook,
    reference: Reference,
    leads: Mapping[str, str],
) -> Focus:
    """The focus section on one category or section of the taxonomy."""
    label, codes = focus_codes(focus, reference)
    chosen = sorted(
        (e for e in events if e.category in codes),
        key=lambda e: (e.reference_date, e.id),
    )
    total = book.count("events", f"events: {label.lower()}", chosen)
    involved = book.count(
        "countries", "foreign countries involved", chosen, measure_name="countries"
    )
    corroborated_events = [e for e in chosen if e.corroboration >= 2]
    corroborated = book.share(
        "corroborated",
        "share of the events reported by two or more independent sources",
        corroborated_events,
        chosen,
        of="records",
        kind="event",
    )
    documents = book.count("documents", "source documents", chosen, measure_name="documents")
    counts: Counter[str] = Counter(c for e in chosen for c in countries_of(e))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], country_name(kv[0], reference)))[:10]
    rows = []
    for iso3, _ in top:
        involving = [e for e in chosen if iso3 in countries_of(e)]
        figure = book.count(
            f"country-{iso3}", f"events involving {country_name(iso3, reference)}", involving
        )
        rows.append((cell(country_name(iso3, reference)), cell(figure)))
    narrative: list[Paragraph] = [
        fill(
            "{between}, the tracker recorded {n} {events} under “{label}”, involving {c} "
            "foreign {countries}.",
            between="B" + between(scope.start, scope.end)[1:],
            n=total,
            events=noun(total, "event", "events"),
            label=label,
            c=involved,
            countries=noun(involved, "country", "countries"),
        )
    ]
    if chosen:
        narrative.append(
            fill(
                " {share} of them were reported by two or more independent sources, out of "
                "{documents} source {docs} in all.",
                share=corroborated,
                documents=documents,
                docs=noun(documents, "document", "documents"),
            )
        )
    if top:
        leader = book.get(f"country-{top[0][0]}")
        narrative.append(
            fill(
                " The country most often involved was {name}, in {n} {events}.",
                name=country_name(top[0][0], reference),
                n=leader,
                events=noun(leader, "event", "events"),
            )
        )
    chips = {e.id: f"{(e.reference_date or scope.start):%d %b}" for e in chosen}
    return Focus(
        kind="category",
        title=label,
        standfirst=(
            f"The events of {period_words(scope.start, scope.end)} under “{label}”: how many, "
            "where, when, and how well sourced."
        ),
        key_figures=(
            KeyFigure(total, f"events: {label.lower()}"),
            KeyFigure(involved, "foreign countries involved"),
            KeyFigure(corroborated, "reported by two or more sources"),
            KeyFigure(documents, "source documents"),
        ),
        narrative=(tuple(s for sentence in narrative for s in sentence),),
        world_map=_map(counts, reference, label),
        timeline=_timeline(chosen, scope, reference),
        tables=(
            Table(
                caption="Countries most often involved",
                columns=("Country", "Events"),
                rows=tuple(rows),
                numeric=(False, True),
            ),
        ),
        records=event_rows(chosen, notes, reference, book, leads),
        figure_entries=figure_entries(book, chips),
        empty=not chosen,
    )
