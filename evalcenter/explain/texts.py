"""The texts of the engine's codes: gettext msgids of problems, trace steps and fragments."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from evalcenter.scoring.messages import N_

Translate = Callable[[str], str]
identity: Translate = str  # the translate callable for English: msgids are English


@functools.lru_cache(maxsize=4)
def catalogue(language: str = "zh_CN") -> Translate:
    """The Babel catalogue of ``language`` (no Flask); English or a missing catalogue: identity."""
    if language.startswith("en"):
        return identity
    from babel import Locale
    from babel.support import Translations

    directory = Path(__file__).resolve().parent.parent / "translations"
    return Translations.load(str(directory), [Locale.parse(language)]).gettext


PROBLEMS: dict[str, str] = {
    "not_an_object": N_("The application data must be a JSON object."),
    "missing": N_("%(name)s is missing."),
    "unknown_key": N_("'%(key)s' is not a field of the application; remove it%(hint)s."),
    "set_by_admin": N_(
        "%(name)s is set by administrators at the formal check and cannot be supplied with an "
        "application; remove it."
    ),
    "not_a_number": N_("%(name)s must be a number, not %(got)s."),
    "not_finite": N_("%(name)s must be a real number (NaN and infinity are not allowed)."),
    "not_an_integer": N_(
        "%(name)s must be a whole number written without a decimal point, e.g. 7."
    ),
    "too_many_decimals": N_(
        "%(name)s may have at most %(places)s decimal place(s); got %(value)s."
    ),
    "too_large": N_("%(name)s is too large: at most %(limit)s in magnitude."),
    "below_minimum": N_("%(name)s must be at least %(limit)s; got %(value)s."),
    "not_above": N_("%(name)s must be greater than %(limit)s; got %(value)s."),
    "above_maximum": N_("%(name)s must be at most %(limit)s; got %(value)s."),
    "exceeds_whole": N_("%(name)s (%(value)s) cannot be larger than %(other)s (%(other_value)s)."),
    "not_a_boolean": N_("%(name)s must be true or false, not %(got)s."),
    "not_text": N_("%(name)s must be text, not %(got)s."),
    "not_a_choice": N_("%(name)s must be one of %(choices)s; got %(value)s%(hint)s."),
    "too_short": N_("%(name)s must have at least %(limit)s characters."),
    "too_long": N_("%(name)s must have at most %(limit)s characters (it has %(count)s)."),
    "control_characters": N_("%(name)s contains invisible control characters; retype it."),
    "bad_characters": N_(
        "%(name)s contains a character that cannot be stored (a lone surrogate); retype it."
    ),
    "bad_uscc": N_(
        "%(name)s is not valid: a unified social credit code has 18 characters, digits and "
        "capital letters except I, O, Z, S and V, the last one being the check character; "
        "compare it with the business licence."
    ),
    "empty": N_("%(name)s must be filled in before submitting."),
    "review_not_a_number": N_("%(name)s must be a number."),
    "review_out_of_range": N_("%(name)s must be between 0 and %(maximum)s."),
    "review_not_a_multiple": N_("%(name)s must be a multiple of %(step)s."),
    "review_missing": N_("%(name)s is not filled in."),
    "review_unknown_key": N_("%(name)s is not a criterion of this ruleset."),
    "arithmetic": N_("The rule file's arithmetic failed at %(subject)s (%(error)s)."),
    "json_syntax": N_("Not valid JSON: %(error)s (line %(line)s, column %(column)s)."),
    "json_encoding": N_("The file is not UTF-8 text."),
    "json_surrogate": N_("The text at %(where)s holds a lone surrogate, which is not a character."),
    "json_too_deep": N_("The data is nested more than %(limit)s levels deep at %(where)s."),
    "json_number": N_("The number at %(where)s is too long or too large: %(number)s"),
    "json_duplicate_key": N_(
        "The key '%(key)s' appears more than once in the object at %(where)s."
    ),
}

# fragments of step and problem texts, filled in when rendered
FRAGMENTS = {
    "hint": N_(" (did you mean '%(word)s'?)"),
    "case": N_(" (for %(by)s %(case)s)"),
    "capped": N_(" (capped at %(cap)s)"),
    "dropped": N_("dropped highest %(highest)s and lowest %(lowest)s; "),
}

STEPS: dict[str, str] = {
    "ruleset": N_(
        "Ruleset %(id)s version %(version)s, effective %(effective_date)s (sha256 %(sha256)s)"
    ),
    "derived": N_("%(subject)s = %(formula)s = %(value)s"),
    "derived_zero_denominator": N_(
        "%(subject)s = %(value)s: the denominator %(denominator)s is %(den_value)s "
        "(≤ 0, denominator is zero)"
    ),
    "gate_passed": N_("%(subject)s passed: %(label)s"),
    "gate_failed": N_("%(subject)s failed: %(reason)s"),
    "eligible": N_("Eligible: all %(count)s gates passed"),
    "ineligible": N_("Not eligible: failed %(failed)s (still scored for information)"),
    "value": N_("%(subject)s %(label)s: value = %(formula)s = %(value)s%(unit)s%(inputs)s"),
    "value_zero_denominator": N_(
        "%(subject)s %(label)s: value = %(value)s because the denominator %(denominator)s is "
        "%(den_value)s (≤ 0, denominator is zero)%(inputs)s"
    ),
    "points_full": N_(
        "%(subject)s: %(value)s ≥ full-marks level f = %(full)s%(case)s → full weight %(points)s"
    ),
    "points_between": N_(
        "%(subject)s: b = %(basic)s < %(value)s < f = %(full)s%(case)s → %(weight)s × "
        "(%(at_basic)s + %(rest)s × (%(value)s − %(basic)s) / (%(full)s − %(basic)s)) = %(points)s"
    ),
    "points_up_to_basic": N_(
        "%(subject)s: 0 < %(value)s ≤ b = %(basic)s%(case)s → %(at_basic)s × %(weight)s × "
        "%(value)s / %(basic)s = %(points)s"
    ),
    "points_not_positive": N_("%(subject)s: value %(value)s ≤ 0 → %(points)s"),
    "points_band": N_("%(subject)s: %(value)s is in band %(band)s%(case)s → %(points)s"),
    "group": N_("Group %(subject)s %(label)s: %(parts)s = %(total)s"),
    "base": N_("Base = %(parts)s = %(total)s"),
    "item": N_("%(subject)s %(label)s: %(raw)s%(capped)s → %(points)s"),
    "item_not_applicable": N_("%(subject)s %(label)s: does not apply → %(points)s"),
    "bonus": N_("Bonus = %(parts)s = %(sum)s%(capped)s → %(total)s"),
    "penalty": N_("Penalty = %(parts)s = %(sum)s%(capped)s → %(total)s"),
    "quantitative": N_(
        "Quantitative = clamp(%(base)s + %(bonus)s − %(penalty)s, %(low)s, %(high)s) = %(total)s"
    ),
    "panel": N_(
        "Panel score: %(count)s reviews %(reviews)s; %(dropped)smean of %(used)s = %(score)s"
    ),
    "panel_none": N_("Panel score: %(count)s reviews, fewer than %(minimum)s → no panel score yet"),
    "composite": N_(
        "Composite = %(w_quantitative)s × %(quantitative)s + %(w_panel)s × %(panel)s = "
        "%(composite)s"
    ),
    "composite_none": N_("Composite: none until the panel score exists"),
    "recommendation_ineligible": N_("Recommendation: %(outcome)s (not eligible)"),
    "recommendation_pending": N_("Recommendation: %(outcome)s (no panel score yet)"),
    "recommendation_band": N_(
        "Recommendation: %(outcome)s (composite %(composite)s ≥ %(minimum)s)"
    ),
    "recommendation_lowest": N_(
        "Recommendation: %(outcome)s (composite %(composite)s below every threshold)"
    ),
}
