"""The sentences that explain an outcome: the rule that decided first, then what fell short.

Each function returns the reasons for one kind of outcome from the tally the rules read, so a
reader sees the same counts the engine used.
"""

from __future__ import annotations

from fractions import Fraction

from inspectorate.grading.model import Policy
from inspectorate.grading.tally import MET, NOT_MET, Tally


def share(threshold: Fraction) -> str:
    """Write a threshold for people: "50%", "12.5%", "1/3", or "about 33.33%" as a last resort."""
    percent = threshold * 100
    if (percent * 10).denominator == 1:
        return f"{float(percent):g}%"
    if threshold.denominator <= 12:
        return f"{threshold.numerator}/{threshold.denominator}"
    return f"about {float(percent):.2f}%"


def _ids(ids: list[str]) -> str:
    return ", ".join(ids)


def _of(part: int, whole: int, noun: str, verb: str) -> str:
    """'1 of 4 significant Fair criteria is not met'; 'is' follows a count of one."""
    return f"{part} of {whole} {noun} {'is' if part == 1 else 'are'} {verb}"


def _criteria(count: int) -> str:
    return "criterion" if count == 1 else "criteria"


def incomplete(tally: Tally) -> tuple[str, ...]:
    """Explain why no grade can be derived yet."""
    count = len(tally.missing)
    return (
        f"Incomplete: no grade can be derived while {count} significant or dominant "
        f"{_criteria(count)} {'is' if count == 1 else 'are'} not assessed: {_ids(tally.missing)}.",
    )


def poor(tally: Tally, policy: Policy, share_fires: bool) -> tuple[str, ...]:
    """Explain Poor: a failed dominant criterion, too many significant Fair criteria not met, or both."""
    reasons = []
    failed = tally.dominant_not_met
    if failed:
        if len(failed) == 1:
            reasons.append(f"Poor: dominant criterion {failed[0]} is not met.")
        else:
            reasons.append(f"Poor: dominant criteria {_ids(failed)} are not met.")
    if share_fires:
        sig = tally.significant
        reasons.append(
            f"Poor: {_of(sig[NOT_MET], sum(sig), 'significant Fair criteria', 'not met')}"
            f" ({_ids(tally.significant_not_met) or 'none'}), at least the Poor share of "
            f"{share(policy.poor_share)}."
        )
    return tuple(reasons)


def _good_short(tally: Tally, policy: Policy) -> list[str]:
    """What keeps Good from holding, or [] when its rule holds."""
    good_total = sum(tally.good)
    if good_total == 0:
        return ["the framework has no Good criteria, so neither Good nor Excellent can hold"]
    short = []
    fair_total = sum(tally.fair)
    if tally.fair_short:
        short.append(
            f"{tally.fair[MET]} of {fair_total} Fair criteria met, needs all"
            f" (not met in full: {_ids(tally.fair_short)})"
        )
    good_met = tally.good[MET]
    if not policy.good_most_exceeded(good_met, good_total):
        short.append(f"{good_met} of {good_total} Good criteria met, needs more than {share(policy.good_most)}")
    return short


def _excellent_short(tally: Tally, policy: Policy, beacon: bool, innovation: bool) -> list[str]:
    """What keeps Excellent from holding once Good holds."""
    short = []
    good_total, good_met = sum(tally.good), tally.good[MET]
    if not policy.excellent_vast_reached(good_met, good_total):
        short.append(
            f"{good_met} of {good_total} Good criteria met, needs at least {share(policy.excellent_vast)}"
        )
    if not beacon:
        short.append("no beacon evidence recorded")
    if not innovation:
        short.append("no innovation evidence recorded")
    return short


def excellent(tally: Tally, policy: Policy) -> tuple[str, ...]:
    """Explain Excellent."""
    fair_total, good_total = sum(tally.fair), sum(tally.good)
    return (
        f"Excellent: every Fair criterion is met ({fair_total} of {fair_total}), "
        f"{tally.good[MET]} of {good_total} Good criteria are met, at least {share(policy.excellent_vast)}, "
        "and beacon and innovation evidence are both recorded.",
    )


def good(tally: Tally, policy: Policy, beacon: bool, innovation: bool) -> tuple[str, ...]:
    """Explain Good, and what Excellent still needs."""
    fair_total, good_total = sum(tally.fair), sum(tally.good)
    return (
        f"Good: every Fair criterion is met ({fair_total} of {fair_total}) and "
        f"{tally.good[MET]} of {good_total} Good criteria are met, more than {share(policy.good_most)}.",
        f"Excellent not reached: {'; '.join(_excellent_short(tally, policy, beacon, innovation))}.",
    )


def _fair_holds(tally: Tally) -> str:
    total = sum(tally.significant)
    if total == 0:
        return "Fair: there are no significant Fair criteria, so nothing stands in the way of Fair."
    if total == 1:
        return "Fair: the only significant Fair criterion is met."
    return f"Fair: all {total} significant Fair criteria are met."


def fair(tally: Tally, policy: Policy) -> tuple[str, ...]:
    """Explain Fair, and what Good still needs."""
    return (_fair_holds(tally), f"Good not reached: {'; '.join(_good_short(tally, policy))}.")


def judgement_required(tally: Tally, policy: Policy) -> tuple[str, ...]:
    """Explain why the rules cannot choose between Fair and Poor."""
    sig = tally.significant
    total = sum(sig)
    not_met, partly = tally.significant_not_met, tally.significant_partly_met
    short = []
    if not_met:
        short.append(f"{_of(len(not_met), total, 'significant Fair criteria', 'not met')} ({_ids(not_met)})")
    if partly and not_met:
        short.append(f"{len(partly)} {'is' if len(partly) == 1 else 'are'} only partly met ({_ids(partly)})")
    elif partly:
        short.append(f"{_of(len(partly), total, 'significant Fair criteria', 'only partly met')} ({_ids(partly)})")
    dominant = "there are no dominant criteria" if not tally.dominant_total else "no dominant criterion is not met"
    return (
        "Judgement required: the rules cannot decide between Fair and Poor; "
        "a lead inspector must choose and write why.",
        f"Fair not reached: {' and '.join(short)}.",
        f"Poor not reached: {_of(sig[NOT_MET], total, 'significant Fair criteria', 'not met')}, below the "
        f"Poor share of {share(policy.poor_share)}, and {dominant}.",
    )
