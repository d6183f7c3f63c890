"""The extractor: one document in, one `Extraction` out, no I/O.

A cascade of cheap passes runs over the whole text (sentence splitting with clutter removal, one
gazetteer scan, quantity and date patterns per sentence); the frame extractors (aid deliveries,
security events, quotes, claims) then read only what those passes found, sentence by sentence.
Bump `EXTRACTOR_VERSION` whenever a change can alter output: the store re-extracts every
document for a new version and keeps reviewed facts of older ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from chinatracker.extract import aid, claims, events, quotes
from chinatracker.extract.country_roles import takes_part, with_aid_roles, with_context_roles
from chinatracker.extract.dates import FoundDate, find_dates
from chinatracker.extract.entities import find_people, mention_from_match, with_offices
from chinatracker.extract.gazetteer import Gazetteer, gazetteer
from chinatracker.extract.learned import aid as learned_aid
from chinatracker.extract.learned import events as learned_events
from chinatracker.extract.learned.features import tokens
from chinatracker.extract.learned.linear import LinearModel
from chinatracker.extract.learned.models import aid_model as learned_aid_model
from chinatracker.extract.learned.models import event_model, zh_event_model
from chinatracker.extract.quantities import find_quantities
from chinatracker.extract.sentences import Sentence, split_sentences
from chinatracker.records import AidDelivery, Document, Event, Extraction, Mention, Quantity
from chinatracker.reference.scripts import is_chinese

EXTRACTOR_VERSION = "rules-1.6.0"
# The Chinese passes (`extract/zh/`) have their own version, part of every version string.
ZH_EXTRACTOR_VERSION = "zh-1.4.0"


@dataclass
class SentenceView:
    """One body sentence with everything the cheap passes found inside it."""

    index: int
    sentence: Sentence
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    @property
    def text(self) -> str:
        return self.sentence.flat

    @cached_property
    def lower(self) -> str:
        return self.sentence.flat.lower()

    @cached_property
    def words(self) -> list[str]:
        """The learned model's word tokens: read for this sentence and again for the next."""
        return tokens(self.text)

    @cached_property
    def cue_scores(self) -> dict[str, float]:
        """The event rules' cue score per category: read by the rules and, as features, by the
        learned model, so the combined engine matches the cue patterns once per sentence."""
        return events.score(self.lower)

    @cached_property
    def taking_part(self) -> list[Mention]:
        """Mentions that can be a party to what the sentence reports: not a country named only
        inside a name, as an origin or as the topic of talks (extract/country_roles.py)."""
        return [m for m in self.mentions if takes_part(self.sentence.text, m, self.start)]

    def countries(self) -> list[str]:
        """Countries and places that take part in the sentence."""
        return [m.country for m in self.taking_part if m.country and m.type in ("country", "place")]


@dataclass
class Analysis:
    """The document and the cheap passes' results, shared by the frame extractors."""

    document: Document
    sentences: list[SentenceView]
    # The title read like a sentence (its offsets count in the title, never in the body): it names
    # the giver or the receiver that a body sentence leaves to context, and it is never evidence.
    title: SentenceView | None = None
    # The publisher read the same way: in a first-person release ("we donated") it is the giver.
    publisher: SentenceView | None = None

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def mentions(self) -> list[Mention]:
        return [m for s in self.sentences for m in s.mentions]

    @property
    def quantities(self) -> list[Quantity]:
        return [q for s in self.sentences for q in s.quantities]

    def paragraph(self, view: SentenceView) -> list[SentenceView]:
        return [s for s in self.sentences if s.sentence.paragraph == view.sentence.paragraph]


def analyse(document: Document, names: Gazetteer) -> Analysis:
    """Run the cheap passes: sentences, names, people, quantities, dates."""
    text = document.text
    views = [SentenceView(i, s) for i, s in enumerate(split_sentences(text))]
    matches = names.find(text)
    position = 0
    for view in views:
        while position < len(matches) and matches[position].end <= view.start:
            position += 1
        scan = position
        while scan < len(matches) and matches[scan].start < view.end:
            if matches[scan].end <= view.end:
                view.mentions.append(mention_from_match(matches[scan], text))
            scan += 1
        people = [
            p
            for p in find_people(text, view.start, view.end)
            if not any(p.start < m.end and m.start < p.end for m in view.mentions)
        ]
        if people:
            view.mentions = sorted([*view.mentions, *people], key=lambda m: m.start)
        view.mentions = with_context_roles(text, with_offices(view.mentions, document.published))
        view.quantities = find_quantities(text, view.start, view.end)
        view.dates = find_dates(text, document.published, view.sentence.body_start, view.end)
    _defined_acronyms(text, views)
    return Analysis(
        document=document,
        sentences=views,
        title=_line_view(document.title, names),
        publisher=_line_view(document.publisher, names),
    )


DEFINITION = re.compile(r"\s?[(（]\s?([A-Z][A-Za-z0-9&\-]{1,11})\s?[)）]")


def _defined_acronyms(text: str, views: list[SentenceView]) -> None:
    """ "The Jack Ma Foundation (JMF) ... JMF also sent": an acronym the text defines after a
    name it knows stands for that name from then on, so a later sentence's giver is not lost."""
    mentions = [m for view in views for m in view.mentions]
    by_end = {m.end: m for m in mentions if m.type != "person"}
    for definition in DEFINITION.finditer(text):
        named = by_end.get(definition.start())
        acronym = definition.group(1)
        if named is None or not any(ch.isupper() for ch in acronym[1:]) or acronym == named.text:
            continue
        for use in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            if use.start() < definition.end():
                continue
            view = next((v for v in views if v.start <= use.start() and use.end() <= v.end), None)
            if view is None or any(
                m.start < use.end() and use.start() < m.end for m in view.mentions
            ):
                continue
            added = named.model_copy(
                update={"text": acronym, "start": use.start(), "end": use.end()}
            )
            view.mentions = sorted([*view.mentions, added], key=lambda m: m.start)


def _line_view(line: str | None, names: Gazetteer) -> SentenceView | None:
    title = (line or "").strip()
    if not title:
        return None
    # A headline is one sentence even when the sentence splitter would call it page furniture.
    view = SentenceView(-1, Sentence(0, len(title), title, -1))
    view.mentions = [mention_from_match(m, title) for m in names.find(title)]
    return view


def read_document(document: Document, names: Gazetteer) -> tuple[Analysis, list[AidDelivery]]:
    """The cheap passes and the aid frame for the document's language: what the event model
    reads, in extraction and in training alike."""
    if is_chinese(document.language):
        from chinatracker.extract.zh.aid import find_aid as find_chinese_aid
        from chinatracker.extract.zh.analysis import analyse as analyse_chinese

        analysis = analyse_chinese(document)
        return analysis, find_chinese_aid(analysis)
    analysis = analyse(document, names)
    return analysis, aid.find_aid(analysis)


def rule_events(analysis: Analysis, found_aid: list[AidDelivery]) -> list[Event]:
    """The cue rules' events for the document's language."""
    if is_chinese(analysis.document.language):
        from chinatracker.extract.zh import events as zh_events

        return zh_events.find_events(analysis, found_aid)
    return events.find_events(analysis, found_aid)


def finish_events(
    found: list[Event], analysis: Analysis, found_aid: list[AidDelivery]
) -> list[Event]:
    """The annotation guide's rules applied after any engine, for Chinese documents: aid events
    need a Chinese delivery, events five months old are background, restated aid events merge,
    and the category checks of `zh_events.checked` hold."""
    if not is_chinese(analysis.document.language):
        return found
    from chinatracker.extract.zh import events as zh_events

    found = zh_events.chinese_party_only(found, analysis, found_aid)
    found = zh_events.checked(found, analysis, found_aid)
    found = zh_events.as_of_publication(found, analysis)
    return zh_events.merge_aid_restatements(found, analysis, found_aid)


ENGINES = ("combined", "learned", "rules")
DEFAULT_ENGINE = "combined"


class Extractor:
    """The extractor; create once per process and call `extract` per document.

    Engines differ in how security events are found: `rules` by cue thresholds (the extractor
    before learning, kept for comparison), `learned` by the event model trained on annotated real
    text (`extract/learned/`), and `combined` by the model, plus the rules' events where the
    rules are precise (events built on an aid delivery the frame found) and the model found
    nothing. The version names the engine and the model, so every fact records which model made
    it and a new model re-extracts the store.
    """

    def __init__(
        self,
        names: Gazetteer | None = None,
        engine: str = DEFAULT_ENGINE,
        model: LinearModel | None = None,
        threshold: float | None = None,
        aid_model: LinearModel | None = None,
        zh_model: LinearModel | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
        self._names = names
        self.engine = engine
        self._model = model
        self._threshold = threshold
        self._aid_model = aid_model
        self._zh_model = zh_model

    @classmethod
    def for_version(cls, version: str) -> Extractor:
        """The extractor that writes `version` (a Dask worker rebuilds the client's)."""
        if "+events-" not in version:
            return cls(engine="rules")
        return cls(engine="combined" if version.endswith("+combined") else "learned")

    @property
    def model(self) -> LinearModel:
        if self._model is None:
            self._model = event_model()
        return self._model

    @property
    def aid_model(self) -> LinearModel:
        if self._aid_model is None:
            self._aid_model = learned_aid_model()
        return self._aid_model

    @cached_property
    def aid_decision(self) -> learned_aid.AidDecision:
        return learned_aid.AidDecision.of(self.aid_model)

    @cached_property
    def decision(self) -> learned_events.Decision:
        """The model's thresholds and calibration, or another sentence threshold if given;
        read once, not per document."""
        decision = learned_events.Decision.of(self.model)
        if self._threshold is not None:
            decision = replace(decision, threshold=self._threshold)
        return decision

    @property
    def zh_model(self) -> LinearModel | None:
        """The Chinese event model; None until one is trained (the rules find events then)."""
        if self._zh_model is None:
            self._zh_model = zh_event_model()
        return self._zh_model

    @cached_property
    def zh_decision(self) -> learned_events.Decision | None:
        model = self.zh_model
        return None if model is None else learned_events.Decision.of(model)

    @property
    def version(self) -> str:
        """Both languages' passes and models: a fact of either records which made it."""
        if self.engine == "rules":
            return f"{EXTRACTOR_VERSION}+{ZH_EXTRACTOR_VERSION}"
        suffix = "+combined" if self.engine == "combined" else ""
        zh = ZH_EXTRACTOR_VERSION
        if self.zh_model is not None:
            zh = f"{zh}+{self.zh_model.version}"
        return f"{EXTRACTOR_VERSION}+{self.model.version}+{self.aid_model.version}+{zh}{suffix}"

    @property
    def names(self) -> Gazetteer:
        """Built on first use: a Dask client needs only the version, not seconds of set-up."""
        if self._names is None:
            self._names = gazetteer()
        return self._names

    def extract(self, document: Document) -> Extraction:
        if is_chinese(document.language):
            return self.extract_chinese(document)
        analysis = analyse(document, self.names)
        proposed = aid.find_aid(analysis)
        found_aid = proposed
        if self.engine != "rules":
            found_aid = learned_aid.decide(analysis, proposed, self.aid_model, self.aid_decision)
        return Extraction(
            document_id=document.id,
            extractor_version=self.version,
            mentions=tuple(with_aid_roles(analysis.mentions, found_aid)),
            quantities=tuple(analysis.quantities),
            aid=tuple(found_aid),
            events=tuple(self.events(analysis, proposed, found_aid)),
            quotes=tuple(quotes.find_quotes(analysis)),
            claims=tuple(claims.find_claims(analysis)),
        )

    def extract_chinese(self, document: Document) -> Extraction:
        """The Chinese passes (`extract/zh/`): the same records from Chinese wording."""
        from chinatracker.extract.zh import aid as zh_aid
        from chinatracker.extract.zh import claims as zh_claims
        from chinatracker.extract.zh import quotes as zh_quotes
        from chinatracker.extract.zh.analysis import analyse as analyse_chinese

        analysis = analyse_chinese(document)
        found_aid = zh_aid.find_aid(analysis)
        return Extraction(
            document_id=document.id,
            extractor_version=self.version,
            mentions=tuple(analysis.mentions),
            quantities=tuple(analysis.quantities),
            aid=tuple(found_aid),
            events=tuple(self.chinese_events(analysis, found_aid)),
            quotes=tuple(zh_quotes.find_quotes(analysis)),
            claims=tuple(zh_claims.find_claims(analysis)),
        )

    def chinese_events(self, analysis: Analysis, found_aid: list[AidDelivery]) -> list[Event]:
        from chinatracker.extract.zh import events as zh_events

        model, decision = self.zh_model, self.zh_decision
        if self.engine == "rules" or model is None or decision is None:
            found = zh_events.find_events(analysis, found_aid)
        else:
            scores = learned_events.score_sentences(analysis, found_aid, model)
            drafts, found = learned_events.drafted_and_kept(analysis, scores, decision)
            if self.engine == "combined" and model.card.get("combined_adds_rules", True):
                confidence = model.card.get("combined_rule_event_confidence")
                ruled = zh_events.find_events(analysis, found_aid)
                found = combine(
                    found, ruled, found_aid, confidence, zh_events.PRECISE, judged=drafts
                )
                found.sort(key=events.first_start)
        return finish_events(found, analysis, found_aid)

    def events(
        self, analysis: Analysis, proposed: list[AidDelivery], found_aid: list[AidDelivery]
    ) -> list[Event]:
        """The event model reads the aid frame's proposals, as in training; the rule events the
        combined engine adds rest on the deliveries the aid decision kept."""
        if self.engine == "rules":
            return events.find_events(analysis, found_aid)
        scores = learned_events.score_sentences(analysis, proposed, self.model)
        drafts, found = learned_events.drafted_and_kept(analysis, scores, self.decision)
        if self.engine == "combined":
            confidence = self.model.card.get("combined_rule_event_confidence")
            ruled = events.find_events(analysis, found_aid)
            found = combine(
                found,
                ruled,
                chinese_deliveries(found_aid),
                confidence,
                restates=events.same_delivery,
                judged=drafts,
            )
            found.sort(key=events.first_start)
        return found


def chinese_deliveries(found_aid: list[AidDelivery]) -> list[AidDelivery]:
    """The deliveries an added rule event may rest on: a Chinese donor's, to others. Another
    donor's gift and aid to China are aid records, not China's events (docs/annotation.md:
    they are the hard negatives of a Chinese delivery); the Chinese pass drops such events in
    `zh_events.chinese_party_only`."""
    from chinatracker.extract.zh.events import is_chinese as chinese_delivery

    return [a for a in found_aid if chinese_delivery(a)]


def _overlaps(a: Event, b: Event) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a.evidence for y in b.evidence)


def _lent(event: Event, ruled: Sequence[Event]) -> Event:
    """`event` with the countries and evidence of the rule events of its category it overlaps."""
    same = [r for r in ruled if r.category == event.category and _overlaps(event, r)]
    if not same:
        return event
    countries = tuple(dict.fromkeys([*event.countries, *(c for r in same for c in r.countries)]))
    evidence = {(e.start, e.end): e for r in (event, *same) for e in r.evidence}
    ordered = tuple(evidence[k] for k in sorted(evidence))
    return event.model_copy(update={"countries": countries, "evidence": ordered})


def _joined_on_shared_evidence(found: list[Event]) -> list[Event]:
    """Two learned events of one category that now share a passage are one happening: each
    overlapped the same rule event (one delivery the aid frame found) and was lent its evidence,
    so counting both would count that delivery twice."""
    kept: list[Event] = []
    for event in found:
        same = next(
            (i for i, k in enumerate(kept) if k.category == event.category and _overlaps(k, event)),
            None,
        )
        if same is None:
            kept.append(event)
        else:
            kept[same] = events.joined(kept[same], event)
    return kept


def combine(
    learned: list[Event],
    ruled: list[Event],
    found_aid: list[AidDelivery],
    confidence: float | None,
    precise: frozenset[str] = frozenset(),
    restates: Callable[[Event, Event], bool] | None = None,
    judged: Sequence[Event] | None = None,
) -> list[Event]:
    """The learned events, then each rule event built on an aid delivery (or of a `precise`
    category) that no learned event overlaps: the aid frame is the rules' most precise part
    (docs/extraction.md). The added events take `confidence`, how often such events were right
    on dev (the model card), so that every confidence the combined engine gives is a
    probability. An added event that `restates(earlier, added)` an earlier event (learned or
    added) joins its evidence instead of standing alone: the rules make one event per delivery
    the frame found, and a closing line that retells the lead's handover is no second
    happening. A rule event is also left out where a draft the model's keep head
    rejected lies (`judged`: every draft, kept or not): that passage was judged already.
    A rule event that a learned event of its category overlaps lends it its countries and
    evidence instead: the aid frame reads a list of recipients in the next sentence, which the
    sentence model does not see ("...to the armed forces of 20 countries. The recipients are
    Ethiopia, ...")."""
    aid_starts = {e.start for a in found_aid for e in a.evidence}
    trusted = [
        event
        for event in ruled
        if any(e.start in aid_starts for e in event.evidence) or event.category in precise
    ]
    learned = _joined_on_shared_evidence([_lent(event, trusted) for event in learned])
    taken = judged or learned
    extra = [event for event in trusted if not any(_overlaps(event, t) for t in taken)]
    if confidence is not None:
        extra = [e.model_copy(update={"confidence": float(confidence)}) for e in extra]
    if restates is None:
        return [*learned, *extra]
    added = {id(event) for event in extra}
    return events.merge_restatements(
        sorted([*learned, *extra], key=events.first_start),
        lambda earlier, later: id(later) in added and restates(earlier, later),
    )
