"""Rule expressions: ``+ - * /`` (by non-zero numbers), comparisons, ``and or not``, ``in``,
``min max clamp``, literals and fields; a whitelisted ``ast`` becomes a small typed tree."""

from __future__ import annotations

import ast
import difflib
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .messages import ExpressionError

MAX_SOURCE_LENGTH = 1000
MAX_NODES = 200
MAX_LITERAL = Decimal("1e15")
FUNCTIONS = {"min": (2, 20), "max": (2, 20), "clamp": (3, 3)}


class Type(enum.Enum):
    """The value types of the expression language."""

    NUMBER = "number"
    BOOL = "boolean"
    TEXT = "text"


@dataclass(frozen=True)
class Symbol:
    """A name an expression may refer to: its type and, for enums, its values."""

    type: Type
    values: frozenset[str] | None = None


_NOT_ALLOWED = {
    ast.Attribute: "attribute access ('a.b')",
    ast.Subscript: "indexing ('a[i]')",
    ast.IfExp: "'a if c else b' (use min, max, clamp or a gate instead)",
    **dict.fromkeys((ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp), "comprehensions"),
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment (':=')",
}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_ORDER = {"<", "<=", ">", ">="}
_FALSE = ("bool", False)


def did_you_mean(word: str, choices: Any) -> str:
    """Return `` (did you mean 'x'?)`` when a choice is close to ``word``."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True)
class Expression:
    """A checked expression: source text, result type, typed tree and the fields it reads."""

    source: str
    type: Type
    tree: tuple = field(repr=False)
    fields: frozenset[str] = frozenset()


def python(tree: tuple, const: Callable[[Any], str]) -> str:
    """Python source for a checked tree; ``const(value)`` names a pooled constant."""
    kind = tree[0]
    if kind in ("num", "str"):
        return const(tree[1])
    if kind == "bool":
        return repr(bool(tree[1]))
    if kind == "ref":
        return f"d[{tree[1]!r}]"
    if kind in ("neg", "not"):
        return f"({'-' if kind == 'neg' else 'not '}{python(tree[1], const)})"
    if kind == "arith":
        return f"({python(tree[2], const)} {tree[1]} {python(tree[3], const)})"
    if kind == "logic":
        return "(" + f" {tree[1]} ".join(python(t, const) for t in tree[2]) + ")"
    if kind == "cmp":
        rest = (f" {op} {python(t, const)}" for op, t in zip(tree[2], tree[1][1:], strict=True))
        return f"({python(tree[1][0], const)}{''.join(rest)})"
    if kind == "in":
        return f"({python(tree[1], const)} {'not in' if tree[3] else 'in'} {const(tree[2])})"
    return f"_{tree[1]}({', '.join(python(t, const) for t in tree[2])})"


class _Converter:
    def __init__(
        self, text: str, symbols: Mapping[str, Symbol], lists: Mapping[str, frozenset]
    ) -> None:
        self.text, self.symbols, self.lists = text, symbols, lists
        self.errors: list[str] = []
        self.fields: set[str] = set()

    def error(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)

    def fail(self, message: str, tree: tuple = ("num", Decimal(0))) -> tuple:
        self.error(message)
        return tree, None, None

    # Each visit returns (tree, type, enum_values); type None means "already reported".
    def visit(self, node: ast.AST) -> tuple[tuple, Type | None, frozenset[str] | None]:
        method = getattr(self, "v_" + type(node).__name__, None)
        if method is None:
            what = _NOT_ALLOWED.get(type(node), f"this construct ({type(node).__name__})")
            return self.fail(f"{what} is not allowed in rule expressions")
        return method(node)

    def v_Constant(self, node: ast.Constant):  # noqa: N802
        value = node.value
        if isinstance(value, bool):
            return ("bool", value), Type.BOOL, None
        if isinstance(value, int | float):
            segment = ast.get_source_segment(self.text, node) or repr(value)
            try:
                number = Decimal(segment.replace("_", ""))
            except InvalidOperation:
                number = Decimal(-1)
                self.error(f"'{segment}' is not a number")
            if not number.is_finite() or (number and number.adjusted() > MAX_LITERAL.adjusted()):
                self.error(f"number '{segment}' is too large")
                number = Decimal(0)
            return ("num", number), Type.NUMBER, None
        if isinstance(value, str):
            return ("str", value), Type.TEXT, None
        return self.fail(f"literal {value!r} is not allowed (use numbers, 'text', true or false)")

    def v_Name(self, node: ast.Name):  # noqa: N802
        if node.id in ("true", "false"):
            return ("bool", node.id == "true"), Type.BOOL, None
        name, symbol = node.id, self.symbols.get(node.id)
        if name in self.lists:
            return self.fail(f"list '{name}' can only be used after 'in'")
        if symbol is None and name in FUNCTIONS:
            return self.fail(f"function '{name}' must be called with arguments", ("ref", name))
        if symbol is None:
            hint = did_you_mean(name, list(self.symbols) + list(FUNCTIONS))
            return self.fail(f"unknown field '{name}'{hint}", ("ref", name))
        self.fields.add(name)
        return ("ref", name), symbol.type, symbol.values

    def v_UnaryOp(self, node: ast.UnaryOp):  # noqa: N802
        tree, typ, _ = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            self.expect(Type.BOOL, "'not'", typ)
            return ("not", tree), Type.BOOL, None
        if isinstance(node.op, ast.Invert):
            return self.fail("operator '~' is not allowed", tree)
        self.expect(Type.NUMBER, "unary '-'", typ)
        if isinstance(node.op, ast.USub):
            tree = ("num", -tree[1]) if tree[0] == "num" else ("neg", tree)
        return tree, Type.NUMBER, None

    def v_BinOp(self, node: ast.BinOp):  # noqa: N802
        op = _ARITH.get(type(node.op))
        left, lt, _ = self.visit(node.left)
        right, rt, _ = self.visit(node.right)
        if op is None:
            return self.fail("only + - * / are allowed as arithmetic operators", left)
        self.expect(Type.NUMBER, f"'{op}'", lt, rt)
        if op == "/" and not (right[0] == "num" and right[1] != 0):
            self.error(
                "division is only allowed by a non-zero number; to divide by a field use a "
                "ratio (numerator, denominator) with its zero-denominator policy"
            )
        return ("arith", op, left, right), Type.NUMBER, None

    def v_BoolOp(self, node: ast.BoolOp):  # noqa: N802
        op = "and" if isinstance(node.op, ast.And) else "or"
        parts = []
        for value in node.values:
            tree, typ, _ = self.visit(value)
            self.expect(Type.BOOL, f"'{op}'", typ)
            parts.append(tree)
        return ("logic", op, tuple(parts)), Type.BOOL, None

    def v_Compare(self, node: ast.Compare):  # noqa: N802
        if any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            if len(node.ops) != 1:
                return self.fail("'in' cannot be chained with other comparisons", _FALSE)
            return self.membership(node)
        operands, ops = [self.visit(node.left)], []
        for op_node, comparator in zip(node.ops, node.comparators, strict=True):
            op = _CMP.get(type(op_node))
            if op is None:
                return self.fail("'is' is not allowed; use == or !=", _FALSE)
            right = self.visit(comparator)
            self.compare(operands[-1], op, right)
            operands.append(right)
            ops.append(op)
        return ("cmp", tuple(o[0] for o in operands), tuple(ops)), Type.BOOL, None

    def compare(self, left: tuple, op: str, right: tuple) -> None:
        (lt_tree, lt, lvals), (rt_tree, rt, rvals) = left, right
        if lt is None or rt is None:
            return
        if op in _ORDER:
            return self.expect(Type.NUMBER, f"'{op}'", lt, rt)
        if lt != rt:
            return self.error(f"'{op}' compares a {lt.value} with a {rt.value}")
        for values, other in ((lvals, rt_tree), (rvals, lt_tree)):
            if values is not None and other[0] == "str":
                self.check_enum(other[1], values)

    def check_enum(self, value: str, values: frozenset[str]) -> None:
        if value not in values:
            allowed, hint = ", ".join(sorted(values)), did_you_mean(value, values)
            self.error(f"'{value}' is not one of the allowed values ({allowed}){hint}")

    def membership(self, node: ast.Compare):
        negate = isinstance(node.ops[0], ast.NotIn)
        left, lt, lvals = self.visit(node.left)
        target, list_name, items = node.comparators[0], None, []
        if isinstance(target, ast.Name) and target.id in self.lists:
            list_name = target.id
            items = list(self.lists[target.id])
        elif isinstance(target, ast.List | ast.Tuple):
            for element in target.elts:
                tree, typ, _ = self.visit(element)
                if tree[0] not in ("num", "str"):
                    return self.fail("the list after 'in' may only hold numbers or 'text'", _FALSE)
                items.append(tree[1])
        else:
            hint = did_you_mean(getattr(target, "id", ""), self.lists)
            return self.fail(f"'in' needs a list such as ['a', 'b'] or a named list{hint}", _FALSE)
        if lt is not None:
            want = str if lt is Type.TEXT else Decimal
            if lt is Type.BOOL or any(not isinstance(i, want) for i in items):
                self.error(f"'in' compares a {lt.value} with a list of other values")
            elif lvals is not None:
                for item in items:
                    self.check_enum(item, lvals)
        return ("in", left, frozenset(items), negate, list_name), Type.BOOL, None

    def v_Call(self, node: ast.Call):  # noqa: N802
        fname = node.func.id if isinstance(node.func, ast.Name) else None
        if fname not in FUNCTIONS:
            shown = fname or ast.get_source_segment(self.text, node.func) or "?"
            hint = did_you_mean(shown, FUNCTIONS)
            return self.fail(f"unknown function '{shown}'{hint} (allowed: min, max, clamp)")
        if node.keywords:
            self.error(f"'{fname}' takes no named arguments")
        low, high = FUNCTIONS[fname]
        if not low <= len(node.args) <= high:
            count = "exactly 3" if low == high else f"{low} to {high}"
            self.error(f"'{fname}' takes {count} arguments, got {len(node.args)}")
        args = []
        for arg in node.args:
            tree, typ, _ = self.visit(arg)
            self.expect(Type.NUMBER, f"'{fname}'", typ)
            args.append(tree)
        bounds = args[1:] if fname == "clamp" and len(args) == 3 else ()
        if bounds and bounds[0][0] == bounds[1][0] == "num" and bounds[0][1] > bounds[1][1]:
            self.error("clamp: the low bound is above the high bound")
        return ("call", fname, tuple(args)), Type.NUMBER, None

    def expect(self, wanted: Type, where: str, *actual: Type | None) -> None:
        for typ in actual:
            if typ is not None and typ is not wanted:
                self.error(f"{where} needs a {wanted.value}, got a {typ.value}")


def compile_expression(
    source: Any,
    symbols: Mapping[str, Symbol],
    lists: Mapping[str, frozenset] | None = None,
    expect: Type | None = None,
) -> Expression:
    """Parse and check ``source``; raise :class:`ExpressionError` listing every problem."""
    if not isinstance(source, str | int | Decimal):
        raise ExpressionError(["expected an expression (text or a number)"])
    text = str(source).lower() if isinstance(source, bool) else " ".join(str(source).split())
    if not text:
        raise ExpressionError(["the expression is empty"])
    if len(text) > MAX_SOURCE_LENGTH:
        raise ExpressionError([f"expression longer than {MAX_SOURCE_LENGTH} characters"])
    try:
        parsed = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        hint = " (use == to compare)" if "=" in text and "==" not in text else ""
        raise ExpressionError([f"syntax error at column {exc.offset or 0}{hint}"]) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(["expression is too complex"]) from None
    if sum(1 for _ in ast.walk(parsed)) > MAX_NODES:
        raise ExpressionError([f"expression has more than {MAX_NODES} parts"])
    converter = _Converter(text, symbols, lists or {})
    tree, typ, _ = converter.visit(parsed.body)
    if expect is not None and typ is not None and typ is not expect:
        converter.error(f"the expression gives a {typ.value}, a {expect.value} is needed here")
    if converter.errors:
        raise ExpressionError(converter.errors)
    assert typ is not None
    return Expression(text, typ, tree, frozenset(converter.fields))
