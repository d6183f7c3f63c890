"""Numbers with what they count: money, percentages and counted nouns, with exact offsets.

`find_quantities` keeps only numbers that carry a unit: a currency (ISO 4217; unit = currency),
"percent" (or "percentage point"), a measure abbreviation ("km", "MW") or a counted noun, reduced
to its singular lower-case lemma ("62,000 masks" → 62000 "mask"). Everything else is left out on
purpose, because a bare number is rarely a fact an analyst would cite:

- years ("since 1990"), dates ("June 15", "15 June"), times ("01:59"), ordinals ("34th"),
  versions, phone numbers, vague amounts ("dozens", "tens of thousands"), and "one" (far more
  often a pronoun than a count; "one million" still counts);
- designations and names: digits attached to letters ("PCL-181", "COVID-19", "G20", "5G",
  "Long March 3B") or right after a capitalised word ("Type 055", "Article 5", "No. 7");
- numbers followed by a singular noun ("78020 unit") or by nothing countable ("said 3").

The counted noun is the first plural noun within four words of the number, so up to three
modifiers may stand between ("94 such patrols", "20 Indian soldiers", "25 different UN
missions"). The unit is that head noun; the word before joins it only for compounds listed in
`data/units.yaml` ("test kits" → "test kit", but "five joint exercises" → "exercise"). Packaging
measures are transparent ("19,000 pieces of PPE" → "ppe", "100 sets of ventilators" →
"ventilator"); other measures are the unit ("two planeloads of masks" → "planeload", "two rounds
of talks" → "round"). "people" and "personnel" stay as they are; "675 times" is 675 "time".

Qualifiers ("more than", "over", "nearly", "around") keep the value and are kept inside the
quantity's text ("over a dozen drills" → 12 "drill", text "over a dozen drills"), because
`Quantity` has no field for them. A range gives two quantities that share the unit:
"between 2,000 and 3,000 troops" → 2000 "troop" (text "2,000") and 3000 "troop" (text
"3,000 troops"); "$1-2 billion" → 1e9 and 2e9 USD.

Money: "$" is USD and "¥" CNY unless a currency word follows ("¥3 billion yen" is JPY); currency
words take their default code unless an adjective says otherwise ("pesos" → PHP, "Mexican pesos"
→ MXN; "rupees" → INR, "Pakistani rupees" → PKR). The vocabulary is data, in `data/units.yaml`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chinatracker.extract.rule_files import rule_file
from chinatracker.records import Quantity

_S = "[ \\t\\u00a0\\u202f]"  # spaces inside one line: a number never takes its unit from the next
_MAX_TOKENS = 4  # the counted noun and up to three modifiers
_MAX_LOWER_MODIFIERS = 2  # of which at most two ordinary (lower-case) words
_AMBIGUOUS_DEFAULTS = frozenset({"USD", "CNY"})  # what "$" and "¥" stand for when nothing else says


# --- the vocabulary, loaded once -----------------------------------------------------------------


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    """A list of words from a data file; YAML turns a bare `on` or `no` into a boolean."""
    values = raw[key]
    bad = [v for v in values if not isinstance(v, str)]
    if bad:
        raise ValueError(f"extract/data: {key} holds non-text entries {bad!r}; quote them")
    return frozenset(values)


@dataclass(frozen=True)
class _CurrencyWord:
    default: str | None
    qualified: dict[str, str]
    scale_only: bool


@dataclass(frozen=True)
class _Vocabulary:
    """The contents of `data/units.yaml` (and month names), in the shapes the code looks up."""

    number_words: dict[str, float]
    scaled_only_words: dict[str, float]
    scales: dict[str, float]
    attached_scales: dict[str, tuple[float, bool]]
    qualifiers: frozenset[str]
    prefixes: dict[str, str]
    weak_prefixes: frozenset[str]
    codes: dict[str, str]
    currency_forms: dict[str, str]  # written form (lower case) → currency word
    currency_words: dict[str, _CurrencyWord]
    percent_words: frozenset[str]
    point_words: frozenset[str]
    irregular: dict[str, str]
    not_plural: frozenset[str]
    proper_plurals: frozenset[str]
    men_exceptions: frozenset[str]
    hyphen_units: frozenset[str]
    abbreviations: dict[str, str]
    transparent: frozenset[str]
    compounds: dict[str, str]
    phrase_units: dict[str, str]
    multiplier_followers: frozenset[str]
    stop_words: frozenset[str]
    capitalised_function_words: frozenset[str]
    reference_abbreviations: frozenset[str]
    months: frozenset[str]  # lower case, full names and abbreviations
    month_abbreviations: frozenset[str]


def _load_vocabulary() -> _Vocabulary:
    raw = rule_file("units.yaml")
    dates = rule_file("dates.yaml")
    codes = {code: code for code in _words(raw, "currency_codes")}
    codes.update(raw["currency_code_aliases"])
    currency_words = {
        word: _CurrencyWord(
            default=spec.get("default"),
            qualified={k.lower(): v for k, v in (spec.get("qualified") or {}).items()},
            scale_only=bool(spec.get("scale_only", False)),
        )
        for word, spec in raw["currency_words"].items()
    }
    forms = {word: word for word in currency_words}
    forms.update({word + "s": word for word in currency_words})
    forms.update(raw["currency_plurals"])
    abbreviated = frozenset(m.lower() for m in dates["month_abbreviations"])
    return _Vocabulary(
        number_words={k: float(v) for k, v in raw["number_words"].items()},
        scaled_only_words={k: float(v) for k, v in raw["scaled_only_words"].items()},
        scales={k: float(v) for k, v in raw["scale_words"].items()},
        attached_scales={
            k: (float(v["value"]), bool(v["money_only"])) for k, v in raw["attached_scales"].items()
        },
        qualifiers=_words(raw, "qualifiers"),
        prefixes=dict(raw["currency_prefixes"]),
        weak_prefixes=_words(raw, "weak_currency_prefixes"),
        codes=codes,
        currency_forms=forms,
        currency_words=currency_words,
        percent_words=_words(raw, "percent_words"),
        point_words=_words(raw, "percentage_point_words"),
        irregular=dict(raw["irregular_plurals"]),
        not_plural=_words(raw, "not_plural"),
        proper_plurals=_words(raw, "proper_plurals"),
        men_exceptions=_words(raw, "men_exceptions"),
        hyphen_units=_words(raw, "hyphen_units"),
        abbreviations=dict(raw["unit_abbreviations"]),
        transparent=_words(raw, "transparent_measures"),
        compounds=dict(raw["compounds"]),
        phrase_units=dict(raw["phrase_units"]),
        multiplier_followers=_words(raw, "multiplier_followers"),
        stop_words=_words(raw, "stop_words"),
        capitalised_function_words=_words(raw, "capitalised_function_words"),
        reference_abbreviations=_words(raw, "reference_abbreviations"),
        months=abbreviated | frozenset(m.lower() for m in dates["months"]),
        month_abbreviations=abbreviated,
    )


_V = _load_vocabulary()


def _phrases(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any in-line space."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join((_S + "+").join(re.escape(word) for word in p.split()) for p in ordered)


# --- regular expressions, compiled once ----------------------------------------------------------
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_SCALE_WORDS = _phrases(_V.scales)
_UNITS_1_9 = "one|two|three|four|five|six|seven|eight|nine"
# Figures start with a digit and words at a word boundary: each said once, in front, so that
# most positions fail one test instead of entering every alternative.
_CORE = re.compile(
    # Indian grouping ("1,00,000") and space grouping ("200 000", thin or no-break spaces) come
    # before the plain forms, which would otherwise read them as "1" and "200".
    r"(?=[0-9])(?P<digits>[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![0-9])"
    r"|(?<![\w.,\-])[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9]|[.,][0-9])"
    # A stray space after the comma ("200, 000 doses"), read only before whole thousands:
    # "on March 5, 200 masks" stays two numbers.
    r"|(?<![\w.,\-])[0-9]{1,3}(?:, 000)+(?![0-9]|[.,][0-9])"
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"|\b(?:(?P<word>(?:{_phrases(_V.number_words)})(?:-(?:{_UNITS_1_9}))?\b)"
    rf"|(?P<scaled>(?:half{_S}+an?|{_phrases(_V.scaled_only_words)})"
    rf"(?={_S}+(?:{_SCALE_WORDS})\b))"
    r"|(?P<twice>(?:twice|thrice)\b))",
    re.IGNORECASE,
)
_DIMENSION = re.compile(rf"{_S}*(?:high|tall|long|wide|deep|thick|square)\b", re.IGNORECASE)
_GROUPING = re.compile(r"[ ,\u00a0\u2009\u202f]")
_SCALE = re.compile(rf"(?:{_S}+|-)({_SCALE_WORDS})\b(?:{_S}+({_SCALE_WORDS})\b)?", re.IGNORECASE)
_ATTACHED = re.compile(
    rf"(?P<scale>{_phrases(_V.attached_scales)}){_NOT_LETTER_AFTER}"
    rf"|(?P<abbr>{_phrases(a for a in _V.abbreviations if ' ' not in a)}){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"{_S}*(?:(?P<point>{_phrases(_V.point_words)})|(?P<pct>{_phrases(_V.percent_words)}))"
    + _NOT_LETTER_AFTER,
    re.IGNORECASE,
)
_CURRENCY_QUALIFIERS = {q for word in _V.currency_words.values() for q in word.qualified}
_CURRENCY_WORD = re.compile(
    rf"{_S}+(?:(?P<qual>{_phrases(_CURRENCY_QUALIFIERS)}){_S}+)?"
    rf"(?P<word>{_phrases(_V.currency_forms)}){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_CURRENCY_CODE = re.compile(rf"{_S}*(?P<code>{_phrases(_V.codes)}){_NOT_LETTER_AFTER}")
_PREFIX = re.compile(
    rf"(?:(?<![^\W_])(?P<alpha>{_phrases(p for p in [*_V.prefixes, *_V.codes] if p[0].isalpha())})"
    rf"|(?P<symbol>{_phrases(p for p in _V.prefixes if not p[0].isalpha())})){_S}?\Z"
)
_QUALIFIER = re.compile(rf"(?<![^\W_])(?:{_phrases(_V.qualifiers)}){_S}+\Z", re.IGNORECASE)
_PREV_WORD = re.compile(rf"([^\W\d_][\w'’.\-]*){_S}+\Z")
_TOKEN = re.compile(rf"{_S}+([^\W_][\w'’\-]*)")
_HYPHEN_UNIT = re.compile(r"-([^\W\d_]+)")
_BETWEEN = re.compile(rf"\bbetween{_S}+\Z", re.IGNORECASE)
_RANGE_GAP = re.compile(rf"{_S}*(?:[-–—]|to|and|or){_S}*\Z", re.IGNORECASE)
_DASH_GAP = re.compile(r"[-–—]\Z")


# --- counted nouns -------------------------------------------------------------------------------
def _lemma(word: str) -> str:
    """The singular of a lower-case plural noun (irregular forms come from the data file)."""
    if word in _V.irregular:
        return _V.irregular[word]
    if word.endswith("men") and len(word) > 4 and word not in _V.men_exceptions:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def _is_plural(token: str, lower: str) -> bool:
    """Whether a word can be the counted noun after a number greater than one."""
    if lower in _V.irregular:
        return True
    if token[0].isupper() and (lower in _V.proper_plurals or token.isupper()):
        return False  # "the Philippines", "US", "NEWS"
    if lower in _V.not_plural:
        return False
    if lower.endswith("men") and len(lower) > 4:
        return lower not in _V.men_exceptions
    return len(lower) > 2 and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


def _is_noun_plural(token: str) -> bool:
    """Whether a following word is a regular plural noun (not a stop word, not invariant)."""
    lower = token.lower()
    return (
        bool(token)
        and lower not in _V.stop_words
        and lower not in _V.irregular
        and _is_plural(token, lower)
    )


def _compound(modifiers: list[str], head: str) -> str:
    """The head noun, joined with the one or two words before it when they form a compound."""
    for size in (2, 1):
        if len(modifiers) >= size:
            compound = " ".join([*(m.lower() for m in modifiers[-size:]), head])
            if compound in _V.compounds:
                return _V.compounds[compound]
    return head


def normalise_unit(noun: str) -> str:
    """The unit a counted noun is recorded under: singular, lower case, head noun.

    "masks" → "mask", "Pieces of PPE" → "ppe", "sets of ventilators" → "ventilator" (a packaging
    measure is skipped and the next noun counted), "testing kits" → "test kit", "Indian soldiers"
    → "soldier", "people" → "people". Underscores count as spaces, so the gold files'
    "international_organisation" → "international organisation". ISO codes come back unchanged.
    """
    if noun in _V.codes:
        return _V.codes[noun]
    words = noun.replace("_", " ").lower().split()
    if not words:
        return ""
    phrase = " ".join(words)
    if phrase in _V.phrase_units:
        return _V.phrase_units[phrase]
    if phrase in _V.percent_words:
        return "percent"
    if phrase in _V.point_words:
        return "percentage point"
    if len(words) > 2 and words[0] in _V.transparent and words[1] == "of":
        return normalise_unit(" ".join(words[2:]))
    return _compound(words[:-1], _lemma(words[-1]))


def _clean_token(token: str) -> tuple[str, bool]:
    """A token without trailing apostrophes or hyphens, and whether it was a possessive."""
    token = token.rstrip("'’-")
    if token.endswith(("'s", "’s")):
        return token[:-2], True
    return token, False


def _of_phrase(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """The thing counted after a packaging measure: "pieces of PPE" → ("ppe", end of "PPE")."""
    tokens: list[tuple[str, int]] = []
    while len(tokens) < 3:
        match = _TOKEN.match(text, pos, end)
        if not match:
            break
        token, _ = _clean_token(match.group(1))
        if not token or token.lower() in _V.stop_words or any(c.isdigit() for c in token):
            break
        tokens.append((token, match.start(1) + len(token)))
        pos = match.end()
    for size in range(len(tokens), 0, -1):
        phrase = " ".join(t.lower() for t, _ in tokens[:size])
        if phrase in _V.phrase_units:
            return _V.phrase_units[phrase], tokens[size - 1][1]
    for index, (token, token_end) in enumerate(tokens):
        if _is_plural(token, token.lower()):
            modifiers = [t for t, _ in tokens[:index]]
            return _compound(modifiers, _lemma(token.lower())), token_end
    if tokens:  # a mass noun: "pieces of equipment"
        return _lemma(tokens[-1][0].lower()), tokens[-1][1]
    return None


def _first_word_unit(text: str, match: re.Match[str], end: int) -> tuple[str, int] | None:
    """Units that only the word right after the number can give: "pieces of", "km", "meter-"."""
    token = match.group(1).rstrip("'’")
    lower = token.lower()
    token_end = match.start(1) + len(token)
    if lower in _V.transparent:
        of = _TOKEN.match(text, match.end(), end)
        if of and of.group(1).lower() == "of":
            return _of_phrase(text, of.end(), end)
    if lower in _V.abbreviations:
        return _V.abbreviations[lower], token_end
    if lower == "sq":
        nxt = _TOKEN.match(text, match.end(), end)
        if nxt and nxt.group(1).lower() == "km":
            return _V.abbreviations["sq km"], nxt.end()
    if "-" in lower:  # "a 330 meter-long pier"
        first = lower.split("-", 1)[0]
        if first in _V.hyphen_units:
            return first, match.start(1) + len(first)
    return None


def _counted_noun(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """The counted noun after a number at `pos`, as (unit, end offset), or None."""
    modifiers: list[str] = []
    lower_modifiers = 0
    while len(modifiers) < _MAX_TOKENS:
        match = _TOKEN.match(text, pos, end)
        if not match:
            return None
        if not modifiers:
            unit = _first_word_unit(text, match, end)
            if unit:
                return unit
        token, possessive = _clean_token(match.group(1))
        lower = token.lower()
        if not token or lower in _V.stop_words:
            return None
        if _is_plural(token, lower):
            follower = _TOKEN.match(text, match.end(), end)
            following = follower.group(1) if follower else ""
            if lower == "times" and following.lower() in _V.multiplier_followers:
                return None  # "three times as many"
            if not (_V.irregular.get(lower) == lower and _is_noun_plural(following)):
                return _compound(modifiers, _lemma(lower)), match.start(1) + len(token)
            # "two aircraft carriers", "20 police officers": the invariant noun is a modifier
        if possessive:
            return None
        if token.islower() and not any(c.isdigit() for c in token):
            lower_modifiers += 1
            if lower_modifiers > _MAX_LOWER_MODIFIERS:
                return None
        modifiers.append(token)
        pos = match.end()
    return None


# --- numbers -------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Candidate:
    """A number found in the text, before ranges are linked and unit-less ones dropped."""

    start: int
    core_start: int
    end: int
    value: float
    scale: float = 1.0
    unit: str | None = None
    currency: str | None = None
    blocked: bool = False  # a year, a date, a name: never a quantity, and neither is its range

    def quantity(self, text: str) -> Quantity:
        return Quantity(
            value=self.value * self.scale,
            unit=self.unit or "",
            currency=self.currency,
            text=text[self.start : self.end],
            start=self.start,
            end=self.end,
        )


def _word_value(word: str) -> float:
    """ "seven" → 7, "twenty-five" → 25."""
    tens, _, units = word.lower().partition("-")
    return _V.number_words[tens] + (_UNITS_1_9.split("|").index(units) + 1 if units else 0)


def _is_name_before(text: str, start: int) -> bool:
    """Whether the word before `start` makes the number a date or a name ("June 15", "Type 055")."""
    match = _PREV_WORD.search(text, max(0, start - 40), start)
    if not match:
        return False
    word = match.group(1)
    if word in _V.reference_abbreviations:
        return True
    if word.endswith("."):  # "Oct. 5" is a date; otherwise the previous sentence ended there
        return word[:-1].lower() in _V.month_abbreviations
    lower = word.lower()
    if lower in _V.months:
        return True
    return word[0].isupper() and lower not in _V.capitalised_function_words


def _is_name_around(text: str, core_start: int, pos: int, hi: int) -> bool:
    """Whether the characters around the digits make them part of a name, time or version."""
    before = text[core_start - 1] if core_start > 0 else " "
    after = text[pos] if pos < hi else " "
    if after in ".,:/" and pos + 1 < hi and text[pos + 1].isdigit():
        return True  # 1.2.3, 01:59, 24/10
    if before.isalnum() or before in "#+/:'’_.&":
        return True  # N95, G20, #7, +66
    return before in "-–" and core_start > 1 and text[core_start - 2].isalpha()  # COVID-19


def _currency_prefix(
    text: str, lo: int, core_start: int, raw: str, has_scale: bool
) -> tuple[int, str] | None:
    """The currency written before the digits ("US$", "RMB ", "₱"), as (start, ISO code)."""
    match = _PREFIX.search(text, max(lo, core_start - 8), core_start)
    if not match:
        return None
    prefix = match.group("alpha") or match.group("symbol")
    exact = "," in raw or "." in raw or has_scale
    if prefix in _V.weak_prefixes and not exact:
        return None  # "P8" is a name, "P500 million" money
    if prefix in _V.codes and prefix not in _V.prefixes:
        if match.end("alpha") == core_start:
            return None  # "COP29": a code needs a space before the digits
        if not (exact or float(raw) >= 10):
            return None  # "PHP 8"
    return match.start(), _V.prefixes.get(prefix) or _V.codes[prefix]


def _suffix_currency(text: str, pos: int, end: int, scaled: bool) -> tuple[str, int] | None:
    """A currency written after the amount ("yuan", "Mexican pesos", "CNY"), as (code, end)."""
    match = _CURRENCY_CODE.match(text, pos, end)
    if match:
        return _V.codes[match.group("code")], match.end()
    match = _CURRENCY_WORD.match(text, pos, end)
    if not match:
        return None
    word = _V.currency_words[_V.currency_forms[match.group("word").lower()]]
    if word.scale_only and not scaled:
        return None  # "500 pounds" is a weight, "20 million pounds" money
    qualifier = match.group("qual")
    code = word.qualified.get(" ".join(qualifier.lower().split())) if qualifier else None
    code = code or word.default
    return (code, match.end()) if code else None


def _percent_unit(match: re.Match[str]) -> str:
    return "percentage point" if match.group("point") else "percent"


def _candidate(text: str, match: re.Match[str], lo: int, hi: int) -> _Candidate | None:
    """The number at `match`, with its scale and currency; its unit is found by `_find_unit`."""
    kind, raw = match.lastgroup, match.group()
    core_start, pos = match.start(), match.end()
    if kind == "twice":
        follower = _TOKEN.match(text, pos, hi)
        if follower and follower.group(1).lower() in _V.multiplier_followers:
            return None  # "twice as many"
        value = 2.0 if raw.lower() == "twice" else 3.0
        return _with_qualifier(
            text, lo, _Candidate(core_start, core_start, pos, value, unit="time")
        )
    if kind == "digits":
        value = float(_GROUPING.sub("", raw))
    elif kind == "word":
        value = _word_value(raw)
    else:
        value = 0.5 if raw.lower().startswith("half") else 1.0
    cand = _Candidate(core_start, core_start, pos, value)
    scale = _SCALE.match(text, pos, hi)
    if kind == "digits":
        prefix = _currency_prefix(text, lo, core_start, raw, scale is not None)
        if prefix is not None:
            cand.start, cand.currency = prefix
        elif _is_name_around(text, core_start, pos, hi) or (
            len(raw) == 4 and 1800 <= value <= 2099
        ):
            cand.blocked = True  # a name, or a year
        elif _is_name_before(text, core_start) and not (scale or _GROUPING.search(raw)):
            cand.blocked = True  # "Type 055" (a designation has no scale and no comma)
        if cand.blocked:
            return cand
        if pos < hi and text[pos].isalpha():
            return _attached(text, cand, pos, lo, hi)
    if scale:
        cand.scale = _V.scales[scale.group(1).lower()]
        if scale.group(2):
            cand.scale *= _V.scales[scale.group(2).lower()]
        pos = scale.end()
    elif kind == "scaled":
        return None  # "a" or "half a" without a scale word is no number
    cand.end = pos
    return _find_unit(text, cand, lo, hi)


def _attached(text: str, cand: _Candidate, pos: int, lo: int, hi: int) -> _Candidate:
    """Letters right after the digits: "150k", "£20m", "11.8percent", "5km"; else a name ("5G")."""
    percent = _PERCENT.match(text, pos, hi)
    if percent:
        cand.unit, cand.end = _percent_unit(percent), percent.end()
        return _with_qualifier(text, lo, cand)
    attached = _ATTACHED.match(text, pos, hi)
    if attached and attached.group("abbr"):
        cand.unit, cand.end = _V.abbreviations[attached.group("abbr").lower()], attached.end()
        return _with_qualifier(text, lo, cand)
    if not attached:
        cand.blocked = True
        return cand
    scale, money_only = _V.attached_scales[attached.group("scale").lower()]
    cand.scale, cand.end = scale, attached.end()
    if (
        money_only
        and cand.currency is None
        and not _suffix_currency(text, attached.end(), hi, True)
    ):
        # "20m" alone may be metres; "1.5m doses", with a counted noun after it, is a million.
        counted = _find_unit(text, cand, lo, hi)
        if (
            counted.unit
            and counted.currency is None
            and counted.unit not in _V.abbreviations.values()
            and not _DIMENSION.match(text, attached.end(), hi)
        ):
            return counted
        cand.blocked = True
        return cand
    return _find_unit(text, cand, lo, hi)


def _find_unit(text: str, cand: _Candidate, lo: int, hi: int) -> _Candidate:
    """Currency, percent, hyphenated measure or counted noun after the number (and its scale)."""
    pos = cand.end
    suffix = _suffix_currency(text, pos, hi, cand.scale > 1 or cand.currency is not None)
    if suffix and (cand.currency in (None, suffix[0]) or cand.currency in _AMBIGUOUS_DEFAULTS):
        cand.currency, cand.end = suffix  # "¥3 billion yen" is JPY; "$5 million USD" one amount
    if cand.currency:
        cand.unit = cand.currency
        return _with_qualifier(text, lo, cand)
    percent = _PERCENT.match(text, pos, hi)
    if percent:
        cand.unit, cand.end = _percent_unit(percent), percent.end()
        return _with_qualifier(text, lo, cand)
    hyphen = _HYPHEN_UNIT.match(text, pos, hi)
    if hyphen:
        if hyphen.group(1).lower() not in _V.hyphen_units:
            return cand  # "5-star", "two-thirds": no unit
        cand.unit, cand.end = hyphen.group(1).lower(), hyphen.end()
        return _with_qualifier(text, lo, cand)
    noun = _counted_noun(text, pos, hi)
    if noun:
        cand.unit, cand.end = noun
        return _with_qualifier(text, lo, cand)
    return cand


def _with_qualifier(text: str, lo: int, cand: _Candidate) -> _Candidate:
    """Widen the quantity's text to a qualifier before it ("more than", "nearly")."""
    match = _QUALIFIER.search(text, max(lo, cand.start - 25), cand.start)
    if match:
        cand.start = match.start()
    return cand


def _link_ranges(text: str, candidates: list[_Candidate]) -> None:
    """Share unit, currency and scale in "2,000-3,000 troops", "$1-2 billion", "between 5 and 6"."""
    for first, second in itertools.pairwise(candidates):
        gap = text[first.end : second.core_start]
        if first.blocked:
            if _DASH_GAP.match(gap) and second.start == second.core_start:
                second.blocked = True  # "February 9-10", "2019-20"
            continue
        if second.blocked or not _RANGE_GAP.match(gap):
            continue
        between = _BETWEEN.search(text, max(0, first.start - 12), first.start)
        if gap.strip().lower() == "and" and not between:
            continue  # "20 and 30 troops" without "between" is no range
        if first.unit is None and second.unit is not None:
            first.unit, first.currency = second.unit, second.currency
        elif first.currency and second.unit is None and second.start == second.core_start:
            second.unit, second.currency = first.unit, first.currency
        else:
            continue
        if first.scale == 1 and second.scale > 1:
            first.scale = second.scale


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity with a unit in `text[start:end]`, in order, with offsets into `text`."""
    hi = len(text) if end is None else min(end, len(text))
    lo = max(0, start)
    candidates: list[_Candidate] = []
    last_end = lo
    for match in _CORE.finditer(text, lo, hi):
        if match.start() < last_end:
            continue  # inside the previous quantity ("VT-4" among its modifiers)
        cand = _candidate(text, match, lo, hi)
        if cand is not None:
            candidates.append(cand)
            last_end = cand.end
    _link_ranges(text, candidates)
    return [c.quantity(text) for c in candidates if c.unit and not c.blocked]
