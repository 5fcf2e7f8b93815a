"""Rule expressions in words: gates, conditions and formulas as a reader says them, with the
inputs' labels and units in the user's language (e.g. "R&D expenditure ≥ 1000 (10,000 CNY),
or specialised and sophisticated SME: yes and main business revenue < 20000 (10,000 CNY)").

Walks the engine's checked expression tree (:mod:`evalcenter.scoring.expressions`); what it
cannot phrase falls back to a readable form with labels, never to a field's key.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from evalcenter.scoring.expressions import Expression, Type
from evalcenter.scoring.messages import N_, Label, plain
from evalcenter.scoring.model import Ratio

from .texts import Translate

WORDS = {
    "and": N_("%(first)s and %(second)s"),
    "or": N_("%(first)s, or %(second)s"),
    "separator": N_(", "),
    "yes": N_("%(name)s: yes"),
    "no": N_("%(name)s: no"),
    "not": N_("not (%(condition)s)"),
    "in": N_("%(name)s is one of %(values)s"),
    "not_in": N_("%(name)s is none of %(values)s"),
    "true": N_("yes"),
    "false": N_("no"),
    "min": N_("the smaller of %(first)s and %(second)s"),
    "max": N_("the larger of %(first)s and %(second)s"),
    "min_of": N_("the smallest of %(values)s"),
    "max_of": N_("the largest of %(values)s"),
    "clamp": N_("%(value)s, kept between %(low)s and %(high)s"),
}
_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
_ARITH = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


class Phrasing:
    """Expressions of one ruleset in one language. ``unit_text(unit, chinese)`` names a unit
    (the page's glossary); ``translate`` renders the msgids of :data:`WORDS`."""

    def __init__(
        self,
        model: Any,
        translate: Translate,
        chinese: bool,
        unit_text: Callable[[str | None, bool], str] | None = None,
    ) -> None:
        self.model, self.chinese, self.translate = model, chinese, translate
        self.unit_text = unit_text or (lambda unit, chinese: unit or "")
        self.names: dict[str, Label] = {s.key: s.label for s in model.inputs}
        self.units: dict[str, str | None] = {s.key: s.unit for s in model.inputs}
        self.values: dict[str, dict[str, Label]] = {
            s.key: dict(s.value_labels) for s in model.inputs if s.value_labels
        }
        self.order: dict[str, tuple[str, ...]] = {s.key: tuple(s.values) for s in model.inputs}
        for d in model.derived:
            self.names[d.id], self.units[d.id] = d.label, d.unit

    def pick(self, label: Label) -> str:
        return label.zh if self.chinese else label.en

    def word(self, key: str, **params: str) -> str:
        text = self.translate(WORDS[key])
        return text % params if params else text

    def name(self, key: str) -> str:
        """A field's label (a key no input declares is shown as words, not as a key)."""
        label = self.names.get(key)
        return self.pick(label) if label else key.replace("_", " ")

    def indicator(self, ident: str) -> str:
        """An indicator's label (its id when the ruleset has none of that id)."""
        found = next((i for i in self.model.indicators if i.id == ident), None)
        return f"{ident} {self.pick(found.label)}" if found else ident

    def number(self, value: Decimal, unit: str | None = None) -> str:
        text = plain(value)
        if not unit:
            return text
        if unit == "%":
            return f"{text}%"
        shown = self.unit_text(unit, self.chinese)
        return f"{text} {shown}" if self.chinese else f"{text} ({shown})"

    def value_label(self, field: str | None, value: Any) -> str:
        labels = self.values.get(field or "", {})
        if isinstance(value, str) and value in labels:
            return self.pick(labels[value])
        return plain(value) if isinstance(value, Decimal) else str(value)

    def listing(self, items: list[str]) -> str:
        return self.word("separator").join(items)

    # -- the tree --------------------------------------------------------------------------

    def __call__(self, value: Expression | Ratio | None) -> str:
        """An expression (or a ratio value rule) in words; '' for None."""
        if value is None:
            return ""
        if isinstance(value, Ratio):
            num = self.arith_operand(value.numerator.tree, 2)
            den = self.arith_operand(value.denominator.tree, 3)
            text = f"{num} ÷ {den}"
            return text if value.times == 1 else f"{text} × {plain(value.times)}"
        if value.type is Type.BOOL:
            return self.condition(value.tree)
        return self.text(value.tree)

    def text(self, tree: tuple, inside: str | None = None) -> str:
        kind = tree[0]
        if kind == "num":
            return plain(tree[1])
        if kind == "str":
            return f"“{tree[1]}”"
        if kind == "bool":
            return self.word("true" if tree[1] else "false")
        if kind == "ref":
            return self.name(tree[1])
        if kind == "neg":
            return f"−{self.arith_operand(tree[1], 3)}"
        if kind == "arith":
            return self.arith(tree)
        if kind == "cmp":
            return self.compare(tree)
        if kind == "in":
            return self.membership(tree)
        if kind == "not":
            return self.negation(tree[1])
        if kind == "logic":
            return self.logic(tree, inside)
        return self.call(tree)

    def condition(self, tree: tuple, inside: str | None = None) -> str:
        """A condition; a yes/no field on its own reads as "<label>: yes"."""
        if tree[0] == "ref":
            return self.word("yes", name=self.name(tree[1]))
        return self.text(tree, inside)

    def negation(self, tree: tuple) -> str:
        if tree[0] == "ref":
            return self.word("no", name=self.name(tree[1]))
        return self.word("not", condition=self.condition(tree))

    def logic(self, tree: tuple, inside: str | None) -> str:
        op, parts = tree[1], [self.condition(t, tree[1]) for t in tree[2]]
        if op == "or":
            text = parts[0]
            for part in parts[1:]:
                text = self.word("or", first=text, second=part)
            if inside != "and":
                return text
            return f"（{text}）" if self.chinese else f"({text})"
        if self.chinese:  # 甲且乙、丙
            return self.word("and", first=parts[0], second=self.listing(parts[1:]))
        return self.word("and", first=self.listing(parts[:-1]), second=parts[-1])

    def arith_operand(self, tree: tuple, level: int) -> str:
        text = self.text(tree)
        if (tree[0] == "arith" and _PRECEDENCE[tree[1]] < level) or tree[0] == "call":
            return f"({text})"
        return text

    def arith(self, tree: tuple) -> str:
        _, op, left, right = tree
        level = _PRECEDENCE[op]
        right_level = level + 1 if op in ("-", "/") else level
        right_text = self.arith_operand(right, right_level)
        return f"{self.arith_operand(left, level)} {_ARITH[op]} {right_text}"

    def compare(self, tree: tuple) -> str:
        operands, ops = tree[1], tree[2]
        fields = [t[1] for t in operands if t[0] == "ref"]
        field = fields[0] if fields else None
        unit = self.units.get(field) if field else None
        shown = []
        for operand in operands:
            if operand[0] == "num":
                shown.append(self.number(operand[1], unit))
            elif operand[0] == "str":
                shown.append(self.value_label(field, operand[1]))
            else:
                shown.append(self.text(operand))
        text = shown[0]
        for op, right in zip(ops, shown[1:], strict=True):
            text += f" {_SYMBOLS[op]} {right}"
        return text

    def membership(self, tree: tuple) -> str:
        _, left, items, negate, _list_name = tree
        field = left[1] if left[0] == "ref" else None
        order = self.order.get(field or "", ())
        ordered = sorted(items, key=lambda v: (order.index(v) if v in order else len(order), v))
        values = self.listing([self.value_label(field, v) for v in ordered])
        return self.word("not_in" if negate else "in", name=self.text(left), values=values)

    def call(self, tree: tuple) -> str:
        _, fname, args = tree
        shown = [self.text(a) for a in args]
        if fname == "clamp" and len(shown) == 3:
            return self.word("clamp", value=shown[0], low=shown[1], high=shown[2])
        if fname in ("min", "max") and len(shown) == 2:
            return self.word(fname, first=shown[0], second=shown[1])
        if fname in ("min", "max"):
            return self.word(f"{fname}_of", values=self.listing(shown))
        return f"{fname}({', '.join(shown)})"
