"""A grading model's rules, compiled from its file and applied to one request.

The order is fixed for every model (docs/grading-models.md):

1. incomplete: no grade while an item of the `incomplete` set is not assessed (or not scored);
2. force: the first rule that holds gives its grade (2007's Poor; PEEL's cause of concern);
3. score: the percentage of the most the scored set could score, banded (CQC);
4. reach: the best grade whose rule holds, with what kept the next grade up out of reach;
5. otherwise: a grade, or a judgement between candidate grades (2007's Fair or Poor);
6. limit: while a limiter's condition holds the grade can be no better than its `at_best`.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from inspectorate.core.grading import reasons
from inspectorate.core.grading.model import DEFAULT_POLICY, POLICY_KEYS, Criterion, GradingInputError, Outcome
from inspectorate.core.grading.modelfile import ConditionSpec, GradingModelSpec, PluralWording, RuleSpec
from inspectorate.core.grading.reasons import Wording, listing
from inspectorate.core.grading.tally import (
    MET,
    NOT_ASSESSED,
    NOT_MET,
    PARTLY_MET,
    Membership,
    Tally,
    tally_scores,
    tally_states,
)

_STATE_WORDS = {MET: "met", PARTLY_MET: "only partly met", NOT_MET: "not met", NOT_ASSESSED: "not assessed"}
_STATE_ORDER = (NOT_MET, PARTLY_MET, NOT_ASSESSED, MET)  # how an `every` shortfall is broken down


@dataclass(slots=True)
class Test:
    """One compiled condition of a rule or limiter (not frozen: a frozen dataclass is slow to build)."""

    kind: str  # every, count, share, evidence, findings
    set: int  # index into the model's sets; -1 for evidence and findings
    noun: tuple[str, str]
    selection: tuple[int, ...]  # the values tested for
    state: str  # the selection in words: "met", "not met", "scored 1 or 2"
    compare: str  # "at_least", "more_than" or "" (every, evidence)
    parameter: str | None
    threshold: Fraction
    names: tuple[str, ...]  # evidence or finding keys
    held: Wording | None
    short: Wording | None
    positions: tuple[int, ...] = ()  # where the selected values' counts sit in the tally
    position: int = -1  # the one position when a single value is tested for
    threshold_text: str = ""

    def __post_init__(self) -> None:
        self.position = self.positions[0] if len(self.positions) == 1 else -1
        self.threshold_text = reasons.share(self.threshold) if self.kind == "share" else reasons.number(self.threshold)


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: a grade and its tests, all or any of which must hold."""

    grade: str
    any: bool
    tests: tuple[Test, ...]
    short: str | None


class Check(NamedTuple):
    """What one test found: whether it holds, the count and the whole it was taken of."""

    test: Test
    holds: bool
    counted: int
    total: int
    threshold: Fraction


class Request(NamedTuple):
    """What one request brings beside its criteria: evidence recorded, findings, thresholds."""

    evidence: frozenset[str]
    findings: Mapping[str, Sequence[str]]
    parameters: Mapping[str, Fraction]


class GradingModel:
    """A grading model ready to grade: its file's spec, and its rules compiled for speed."""

    def __init__(self, spec: GradingModelSpec) -> None:
        self.spec = spec
        self.key = spec.key
        self.grades: tuple[str, ...] = spec.grade_names
        self.rank = {name: i for i, name in enumerate(self.grades)}  # 0 is the best
        self.scored = spec.scores is not None
        self.lowest = spec.scores.lowest if spec.scores else 0
        self.highest = spec.scores.highest if spec.scores else 0
        self.set_names = tuple(spec.sets)
        self.nouns = {name: (s.noun[0], s.noun[1]) for name, s in spec.sets.items()}
        self.parameters = {name: p.value for name, p in spec.parameters.items()}
        self.default_policy: Mapping[str, Fraction] = {
            name: getattr(DEFAULT_POLICY, name) for name in POLICY_KEYS if name in self.parameters
        }
        self.width = self.highest - self.lowest + 2 if self.scored else 4
        self.membership = self._membership()
        self.finding_nouns = {f.key: (f.name, f.plural) for f in spec.findings}
        rules = spec.rules
        self.incomplete = self._index(rules.incomplete.set) if rules.incomplete else -1
        self.force = tuple(self._rule(r) for r in rules.force)
        self.reach = tuple(self._rule(r) for r in rules.reach)
        self.by_grade = {rule.grade: rule for rule in (*self.force, *self.reach)}
        self.score_set = self._index(rules.score.set) if rules.score else -1
        self.bands = tuple((b.grade, b.from_) for b in rules.score.bands) if rules.score else ()
        self.otherwise = rules.otherwise
        self.judgement_headline = (
            f"Judgement required: the rules cannot decide between {reasons.words(rules.otherwise.judgement)}; "
            "a lead inspector must choose and write why."
            if rules.otherwise and rules.otherwise.judgement else ""
        )
        self.limits = tuple((limit.at_best, self._test(limit.when)) for limit in rules.limit)
        self.count_names = tuple(
            (f"{name}_{part}", self._index(name), part) for name, parts in spec.counts.items() for part in parts
        )
        # Most counts are one cell of the tally (>= 0) or a set's total (-1 - set): read them directly.
        self.count_cells = tuple(
            (name, self._cell(index, part)) for name, index, part in self.count_names
        )
        self.simple_counts = all(cell is not None for _, cell in self.count_cells)
        self.simple_cells = tuple((name, cell) for name, cell in self.count_cells if cell is not None)

    # --- compiling --------------------------------------------------------------------------------

    def _index(self, name: str) -> int:
        return self.set_names.index(name)

    def _cell(self, index: int, part: str) -> int | None:
        if part == "total":
            return -1 - index
        if part in _VALUE:
            return index * self.width + (self.width - 1 if part == "not_assessed" else _VALUE[part])
        return None

    def _membership(self) -> Membership:
        table = {}
        for level in self.spec.levels:
            rows = []
            for significant in (False, True):
                row = []
                for dominant in (False, True):
                    flags = {flag for flag, on in (("significant", significant), ("dominant", dominant)) if on}
                    row.append(tuple(
                        i * self.width for i, s in enumerate(self.spec.sets.values())
                        if (s.level is None or level in s.level) and (s.flags is None or flags & set(s.flags))
                    ))
                rows.append((row[0], row[1]))
            table[level] = (rows[0], rows[1])
        return table

    def _rule(self, rule: RuleSpec) -> Rule:
        return Rule(rule.grade, rule.any is not None, tuple(self._test(c) for c in rule.conditions), rule.short)

    def _test(self, condition: ConditionSpec) -> Test:
        kind = condition.kind
        limit = condition.at_least if condition.at_least is not None else condition.more_than
        compare = "" if limit is None else "at_least" if condition.at_least is not None else "more_than"
        parameter = limit if isinstance(limit, str) else None
        threshold = self.parameters[limit] if isinstance(limit, str) else (limit if limit is not None else Fraction(0))
        if kind in ("evidence", "findings"):
            names = tuple(condition.evidence or condition.findings or ())
            noun = ("evidence", "evidence")
            if kind == "findings":
                noun = (
                    " or ".join(self.finding_nouns[n][0] for n in names),
                    " or ".join(self.finding_nouns[n][1] for n in names),
                )
            return Test(kind, -1, noun, (), "", compare, None, threshold, names, condition.held, condition.short)
        set_name: str = getattr(condition, kind)
        if condition.scored is not None:
            selection = tuple(sorted({score - self.lowest for score in condition.scored}))
            state = "scored " + reasons.words([str(v + self.lowest) for v in selection], "or")
        else:
            selection = ((MET, PARTLY_MET, NOT_MET, NOT_ASSESSED).index(_state(condition.is_)),)
            state = _STATE_WORDS[selection[0]]
        index = self._index(set_name)
        return Test(
            kind, index, self.nouns[set_name], selection, state, compare, parameter, threshold, (),
            condition.held, condition.short, tuple(index * self.width + value for value in selection),
        )

    # --- grading ----------------------------------------------------------------------------------

    def grade(
        self,
        criteria: Sequence[Criterion],
        values: Mapping[str, object],
        request: Request,
    ) -> Outcome:
        """Grade one request: `values` maps criterion id to an assessment (or a score)."""
        sets = len(self.set_names)
        if self.scored:
            tally = tally_scores(criteria, values, self.membership, sets, self.lowest, self.highest)
        else:
            tally = tally_states(criteria, values, self.membership, sets)  # type: ignore[arg-type]
        counts = self._counts(tally)
        if self.incomplete >= 0:
            unassessed = (tally.width - 1,)
            if tally.counts[self.incomplete * tally.width + tally.width - 1]:
                missing = tuple(tally.ids(self.incomplete, unassessed, self.membership))
                counts["missing"] = len(missing)
                return Outcome(None, "incomplete", (), missing, (self._incomplete(tally, missing),), counts, self.key)
        counts["missing"] = 0
        explain = _Explainer(self, tally, request)
        grade, why = self._decide(explain)
        if grade is None:
            return Outcome(None, "judgement_required", tuple(self.otherwise.judgement or ()), (), why, counts, self.key)  # type: ignore[union-attr]
        grade, why = self._limit(explain, grade, why)
        return Outcome(grade, "rule", (grade,), (), why, counts, self.key)

    def _counts(self, tally: Tally) -> dict[str, int]:
        cells, totals = tally.counts, tally.totals
        if self.simple_counts:
            return {name: cells[cell] if cell >= 0 else totals[-1 - cell] for name, cell in self.simple_cells}
        counts: dict[str, int] = {}
        width = tally.width
        for name, index, part in self.count_names:
            if part == "total":
                counts[name] = totals[index]
            elif part == "scored":
                counts[name] = totals[index] - tally.count(index, (width - 1,))
            elif part == "points":
                counts[name] = self._points(tally, index)
            elif part == "maximum":
                counts[name] = self.highest * (totals[index] - tally.count(index, (width - 1,)))
            else:
                counts[name] = tally.count(index, (width - 1 if part == "not_assessed" else _VALUE[part],))
        return counts

    def _points(self, tally: Tally, index: int) -> int:
        return sum((value + self.lowest) * tally.count(index, (value,)) for value in range(tally.width - 1))

    def _incomplete(self, tally: Tally, missing: tuple[str, ...]) -> str:
        one, many = self.nouns[self.set_names[self.incomplete]]
        count = len(missing)
        state = "not scored" if self.scored else "not assessed"
        return (
            f"Incomplete: no grade can be derived while {count} {one if count == 1 else many} "
            f"{'is' if count == 1 else 'are'} {state}: {', '.join(missing)}."
        )

    def _decide(self, explain: _Explainer) -> tuple[str | None, tuple[str, ...]]:
        """The grade before limiters (None for a judgement), and the reasons behind it."""
        for rule in self.force:
            if explain.rule_holds(rule):
                return rule.grade, explain.held(rule, explain.checks(rule))
        if self.bands:
            return self._band(explain)
        for position, rule in enumerate(self.reach):
            if explain.rule_holds(rule):
                why = explain.held(rule, explain.checks(rule))
                if position:
                    why += (explain.not_reached(self.reach[position - 1]),)
                return rule.grade, why
        otherwise = self.otherwise
        if otherwise is None:
            raise GradingInputError(f"the {self.key} model's rules give no grade for this request")
        if otherwise.grade is not None:
            why = (f"{otherwise.grade}: no rule for a better grade holds.",)
            if self.reach:
                why += (explain.not_reached(self.reach[-1]),)
            return otherwise.grade, why
        candidates = otherwise.judgement or []
        why = (self.judgement_headline,)
        why += tuple(explain.not_reached(self.by_grade[c]) for c in candidates if c in self.by_grade)
        return None, why

    def _band(self, explain: _Explainer) -> tuple[str, tuple[str, ...]]:
        tally, index = explain.tally, self.score_set
        total = tally.totals[index]
        points, maximum = self._points(tally, index), self.highest * total
        if not maximum:
            raise GradingInputError(f"there is nothing to score: the {self.nouns[self.set_names[index]][1]} are empty")
        value = Fraction(100 * points, maximum)
        one, many = self.nouns[self.set_names[index]]
        scored = f"the {total} {many} score" if total != 1 else f"the only {one} scores"
        for position, (grade, edge) in enumerate(self.bands):
            if value >= edge:
                why: tuple[str, ...] = (
                    f"{grade}: {scored} {points} of a possible {maximum} ({reasons.percent(value)}), "
                    f"in the {grade} band from {reasons.percent(edge)}.",
                )
                if position:
                    better, better_edge = self.bands[position - 1]
                    why += (f"{better} not reached: {reasons.percent(value)} is below {reasons.percent(better_edge)}.",)
                return grade, why
        lowest, edge = self.bands[-1]
        return lowest, (
            f"{lowest}: {scored} {points} of a possible {maximum} ({reasons.percent(value)}), below every band.",
        )

    def _limit(self, explain: _Explainer, grade: str, why: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        rank = self.rank
        fired = [(cap, check) for cap, test in self.limits if (check := explain.check(test)).holds]
        fired = [(cap, check) for cap, check in fired if rank[cap] > rank[grade]]
        if not fired:
            return grade, why
        final = max((cap for cap, _ in fired), key=rank.__getitem__)
        limited = tuple(
            f"{final}: limited from {grade}: {explain.held_one(check, final)}." for cap, check in fired if cap == final
        )
        return final, limited + tuple(f"Without the limit: {reason}" for reason in why)


_VALUE = {"met": 0, "partly_met": 1, "not_met": 2, "not_assessed": 3}


def _state(name: str | None) -> int:
    return _VALUE[name or "met"]


class _Explainer:
    """Applies tests to one request's tally and writes what they found."""

    def __init__(self, model: GradingModel, tally: Tally, request: Request) -> None:
        self.model = model
        self.tally = tally
        self.request = request
        self.done: dict[int, list[Check]] = {}

    def rule_holds(self, rule: Rule) -> bool:
        """Whether the rule holds, testing no more than it must (the reasons test the rest later)."""
        holds = self.holds
        if rule.any:
            for test in rule.tests:
                if holds(test):
                    return True
            return False
        for test in rule.tests:
            if not holds(test):
                return False
        return True

    def holds(self, test: Test) -> bool:
        """Whether one test holds: the fast path for deciding, with no Check built."""
        kind = test.kind
        position = test.position
        if position < 0 or kind in ("evidence", "findings"):
            return self.check(test).holds
        tally = self.tally
        count = tally.counts[position]
        if kind == "every":
            return count == tally.totals[test.set]
        threshold = test.threshold
        if test.parameter is not None:
            threshold = self.request.parameters.get(test.parameter, threshold)
        whole = 1
        if kind == "share":
            whole = tally.totals[test.set]
            if not whole:
                return False
        left, right = count * threshold.denominator, threshold.numerator * whole
        return left >= right if test.compare == "at_least" else left > right

    def checks(self, rule: Rule) -> list[Check]:
        """Every test of the rule applied (a rule's reasons need them all), once a request."""
        found = self.done.get(id(rule))
        if found is None:
            found = self.done[id(rule)] = [self.check(test) for test in rule.tests]
        return found

    def check(self, test: Test) -> Check:
        """Apply one test."""
        kind = test.kind
        threshold = test.threshold
        if test.parameter is not None:
            threshold = self.request.parameters.get(test.parameter, threshold)
        if kind == "evidence":
            count = sum(name in self.request.evidence for name in test.names)
            return Check(test, count == len(test.names), count, len(test.names), threshold)
        if kind == "findings":
            count = sum(len(self.request.findings.get(name, ())) for name in test.names)
            return Check(test, _compare(test.compare, count, 1, threshold), count, count, threshold)
        tally = self.tally
        position = test.position
        count = tally.counts[position] if position >= 0 else tally.count(test.set, test.selection)
        total = tally.totals[test.set]
        if kind == "every":
            holds = count == total
        elif kind == "count":
            holds = _compare(test.compare, count, 1, threshold)
        else:
            holds = total > 0 and _compare(test.compare, count, total, threshold)
        return Check(test, holds, count, total, threshold)

    def held(self, rule: Rule, checks: list[Check]) -> tuple[str, ...]:
        """The reasons a rule that holds gives: one per holding test for `any`, one sentence for `all`."""
        if rule.any:
            return tuple(f"{rule.grade}: {self.held_one(c, rule.grade)}." for c in checks if c.holds)
        return (f"{rule.grade}: {listing([self.held_one(c, rule.grade) for c in checks])}.",)

    def not_reached(self, rule: Rule) -> str:
        """Why a rule did not hold: its failing tests, or only those that never can."""
        checks = self.checks(rule)
        if rule.short is not None:
            parts = ["; ".join(self.short(c, rule.grade)) for c in checks]
            return f"{rule.grade} not reached: {rule.short.format('', *parts)}."  # {1} is the first
        failing = [c for c in checks if not c.holds]
        impossible = [c for c in failing if c.test.kind == "share" and c.total == 0]
        fragments = [f for c in (impossible or failing) for f in self.short(c, rule.grade)]
        return f"{rule.grade} not reached: {'; '.join(fragments)}."

    def fill(self, wording: Wording | None, default: Wording, count: int, check: Check, grade: str) -> str:
        """`wording` in its form for `count` (the default's where it has none), placeholders filled."""
        template = reasons.choose(wording, count)
        if template is None:
            template = reasons.choose(default, count) or ""
        parts = _TEMPLATES.get(template)
        if parts is None:
            parts = _TEMPLATES[template] = _compile(template)
        return "".join([text + (field(self, check, grade) if field else "") for text, field in parts])

    def ids(self, check: Check) -> str:
        """The ids a reason names: the items tested for, or (for `every`) those short of it."""
        test = check.test
        if test.kind == "findings":
            return ", ".join(i for name in test.names for i in self.request.findings.get(name, ()))
        selection = test.selection
        if test.kind == "every":
            selection = tuple(v for v in range(self.tally.width) if v not in test.selection)
        return ", ".join(self.tally.ids(test.set, selection, self.model.membership))

    def held_one(self, check: Check, grade: str) -> str:
        """What a test that holds found, as a clause."""
        test = check.test
        if test.kind == "evidence":
            names = [n.replace("_", " ") for n in test.names]
            if test.held is not None:
                return self.fill(test.held, "", len(names), check, grade)
            if len(names) == 1:
                return f"{names[0]} evidence is recorded"
            return f"{reasons.words(names)} evidence are {'both' if len(names) == 2 else 'all'} recorded"
        plural = check.counted if test.kind in ("count", "findings") else check.total
        return self.fill(test.held, reasons.HELD[test.kind], plural, check, grade)

    def short(self, check: Check, grade: str) -> list[str]:
        """What a test that does not hold found, as one or more clauses."""
        test = check.test
        if test.kind == "evidence":
            missing = [n.replace("_", " ") for n in test.names if n not in self.request.evidence]
            if test.short is not None:
                return [self.fill(test.short, "", len(missing), check, grade)]
            return [f"no {name} evidence recorded" for name in missing]
        plural = check.counted if test.kind == "findings" else check.total
        if test.kind == "every":
            if reasons.choose(test.short, plural) is None:
                return [self._every_short(check)]
            return [self.fill(test.short, "", plural, check, grade)]
        at_one = test.compare == "at_least" and check.threshold == 1
        key = test.kind + ("_any" if at_one and test.kind in ("count", "findings") else "")
        return [self.fill(test.short, reasons.SHORT[key], plural, check, grade)]

    def _every_short(self, check: Check) -> str:
        """'1 of 5 significant Fair criteria is not met (F1) and 1 is only partly met (F2)'."""
        test, tally = check.test, self.tally
        membership = self.model.membership
        order = _STATE_ORDER if not self.model.scored else tuple(range(tally.width))
        parts: list[str] = []
        for value in order:
            if value in test.selection:
                continue
            found = tally.ids(test.set, (value,), membership)
            if not found:
                continue
            words = self._value_words(value)
            verb = "is" if len(found) == 1 else "are"
            lead = f"{len(found)} of {check.total} {test.noun[1]} {verb}" if not parts else f"{len(found)} {verb}"
            parts.append(f"{lead} {words} ({', '.join(found)})")
        return reasons.words(parts)

    def _value_words(self, value: int) -> str:
        if not self.model.scored:
            return _STATE_WORDS[value]
        if value == self.tally.width - 1:
            return "not scored"
        return f"scored {value + self.model.lowest}"


Field = Callable[["_Explainer", Check, str], str]


def _threshold(explain: _Explainer, check: Check, grade: str) -> str:
    test = check.test
    if check.threshold == test.threshold:
        return test.threshold_text
    return reasons.share(check.threshold) if test.kind == "share" else reasons.number(check.threshold)


_FIELDS: dict[str, Field] = {
    "count": lambda e, c, g: str(c.counted),
    "total": lambda e, c, g: str(c.total),
    "noun": lambda e, c, g: c.test.noun[1],
    "noun_1": lambda e, c, g: c.test.noun[0],
    "noun_n": lambda e, c, g: c.test.noun[0] if c.counted == 1 else c.test.noun[1],
    "is": lambda e, c, g: "is" if c.counted == 1 else "are",
    "state": lambda e, c, g: c.test.state,
    "grade": lambda e, c, g: g,
    "ids": lambda e, c, g: e.ids(c) or "none",
    "comparison": lambda e, c, g: "at least" if c.test.compare == "at_least" else "more than",
    "threshold": _threshold,
}


_TEMPLATES: dict[str, tuple[tuple[str, Field | None], ...]] = {}


def _compile(template: str) -> tuple[tuple[str, Field | None], ...]:
    """A template as (text, placeholder) pairs, parsed once."""
    return tuple(
        (text, _FIELDS[name] if name is not None else None)
        for text, name, _, _ in string.Formatter().parse(template)
    )


def _compare(compare: str, part: int, whole: int, threshold: Fraction) -> bool:
    """part/whole against the threshold, in integers: at least, or more than."""
    left, right = part * threshold.denominator, threshold.numerator * whole
    return left >= right if compare == "at_least" else left > right


__all__ = ["GradingModel", "PluralWording", "Request"]
