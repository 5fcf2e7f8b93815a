"""The rule engine's commands: ``score`` and the ``rules`` group (plain click commands that
need neither the app nor a secret key; ``evalcenter`` adds them to its command line). They
read applications and corpora from files and print; the engine itself does no such I/O.

Exit status: 0 success; 1 a rule file is invalid, fails its cases or differs
from its expected sha256; 2 invalid application data, reviews or usage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from evalcenter.explain import catalogue, describe_ruleset, render_problem, result_dict
from evalcenter.scoring.diff import CorpusEntry, RulesetDiff, diff_rulesets
from evalcenter.scoring.inputs import Problem, Source, load_json
from evalcenter.scoring.messages import InputError, RuleProblem, RulesetError
from evalcenter.scoring.ruleset import Ruleset, default_rules_dir, list_rulesets, load_ruleset


def load_corpus(path: str | Path) -> list[CorpusEntry]:
    """Applications from a directory of ``*.json`` files or one JSON file: each holds one, a list,
    or ``{"application", "reviews", "submitted_at", "name"}`` objects (reviews of ``X.json``
    also from the ``review_totals`` of ``X.expected.json``)."""
    path = Path(path)
    entries = []
    for file in [path] if path.is_file() else sorted(path.glob("*.json")):
        if file.name.endswith(".expected.json"):
            continue
        content, reviews = load_json(file.read_bytes()), None
        expected = file.with_name(file.name[:-5] + ".expected.json")
        if expected.is_file():
            reviews = load_json(expected.read_bytes()).get("review_totals")
        items = enumerate(content, 1) if isinstance(content, list) else [(0, content)]
        for n, item in items:
            name = f"{file.name}[{n}]" if n else file.name
            if isinstance(item, dict) and "application" in item:
                more = (tuple(item.get("reviews") or ()) or None, item.get("submitted_at"))
                name = str(item.get("name") or name)
                entries.append(CorpusEntry(name, item["application"], *more))
                continue
            if isinstance(item, dict) and isinstance(item.get("company_name"), str):
                name = item["company_name"]
            entries.append(CorpusEntry(name, item, tuple(reviews) if reviews and not n else None))
    return entries


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _sentence(problem: Problem | RuleProblem, lang: str = "en") -> str:
    """A problem as one line: ``key: sentence`` (rule-file problems as they are)."""
    if not isinstance(problem, Problem):
        return str(problem)
    text = render_problem(problem, catalogue("zh_CN" if lang == "zh" else "en"), lang == "zh")
    return f"{problem.key}: {text}" if problem.key else text


def _problems(problems: object, lang: str = "en") -> None:
    for problem in problems:  # type: ignore[attr-defined]
        click.echo(_sentence(problem, lang), err=True)


def _load(path: Path | None, *, sha256: str | None = None, check_cases: bool = True) -> Ruleset:
    try:
        if path is None:
            valid = [i for i in list_rulesets(default_rules_dir()) if i.valid]
            if not valid:
                where = str(default_rules_dir())
                raise RulesetError([RuleProblem(where, 1, "ruleset", "no valid rule file found")])
            path = valid[0].path
        return load_ruleset(path, expected_sha256=sha256, check_cases=check_cases)
    except RulesetError as exc:
        _problems(exc.problems)
        raise SystemExit(1) from None


def _json(path: Path, lang: str = "en", load: Any = None) -> Any:
    try:
        return load(path) if load else load_json(path.read_bytes())
    except InputError as exc:
        click.echo(f"{path}: not valid JSON:", err=True)
        _problems(exc.problems, lang)
        raise SystemExit(2) from None


@click.command("score")
@click.argument("application", type=_FILE)
@click.option("--rules", type=_FILE, help="Rule file (default: the newest published one).")
@click.option("--reviews", metavar="82,78.5,...", help="Submitted reviewers' totals.")
@click.option("--sha256", help="Refuse the rule file unless it has this sha256.")
@click.option("--no-trace", is_flag=True, help="Leave the trace out of the output.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", help="Language.")
def score_command(application, rules, reviews, sha256, no_trace, lang):  # type: ignore[no-untyped-def]
    """Score APPLICATION.json and print the result as JSON."""
    ruleset = _load(rules, sha256=sha256)
    data = _json(application, lang)
    totals = [p.strip() for p in reviews.split(",")] if reviews and reviews.strip() else None
    try:
        result = ruleset.evaluate(data, totals, source=Source.SCORING)  # type: ignore[arg-type]
    except InputError as exc:
        _problems(exc.problems, lang)
        raise SystemExit(2) from None
    zh = catalogue("zh_CN") if lang == "zh" else None
    out = result_dict(result, trace=not no_trace, zh=zh)
    if "trace_zh" in out:
        out["trace"] = out.pop("trace_zh")
    click.echo(json.dumps(out, ensure_ascii=False, indent=1))


@click.group("rules")
def rules_group() -> None:
    """Check, compare and list rule files."""


@rules_group.command("check")
@click.argument("files", type=_FILE, nargs=-1, required=True)
def check_command(files: tuple[Path, ...]) -> None:
    """Validate each FILE and run its embedded test cases."""
    failed = False
    for path in files:
        try:
            ruleset = load_ruleset(path, check_cases=False)
            problems, what = ruleset.run_cases(), "expectations failed"
        except RulesetError as exc:
            problems, what = exc.problems, "problems, file refused"
        if problems:
            _problems(problems)
            click.echo(f"{path}: {len(problems)} {what}", err=True)
            failed = True
        else:
            click.echo(
                f"{path}: OK, {ruleset.id} version {ruleset.version}, "
                f"{len(ruleset.tests)} cases passed, sha256 {ruleset.sha256}"
            )
    if failed:
        raise SystemExit(1)


@rules_group.command("diff")
@click.argument("old", type=_FILE)
@click.argument("new", type=_FILE)
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def diff_command(old: Path, new: Path, corpus: Path, as_json: bool) -> None:
    """Score the applications in CORPUS (a directory of *.json or one JSON list) under OLD and
    NEW and print what changes."""
    old_rs, new_rs = _load(old, check_cases=False), _load(new, check_cases=False)
    result = diff_rulesets(old_rs, new_rs, _json(corpus, load=load_corpus))
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=1) if as_json else None
    click.echo(text or _diff_text(result))


@rules_group.command("list")
@click.argument("directory", type=click.Path(exists=True, file_okay=False), required=False)
def list_command(directory: str | None) -> None:
    """List the rule files in DIRECTORY (default: scoring_rules/) with their sha256."""
    for i in list_rulesets(directory or default_rules_dir()):
        head = f"{i.id}\tv{i.version}\t{i.effective_date}" if i.valid else "INVALID\t-\t-"
        click.echo(f"{head}\t{i.sha256}\t{i.path}" + ("" if i.valid else f": {i.problems[0]}"))


@rules_group.command("show")
@click.argument("file", type=_FILE)
def show_command(file: Path) -> None:
    """Print a readable JSON description of FILE."""
    click.echo(json.dumps(describe_ruleset(_load(file)), ensure_ascii=False, indent=1))


@click.group()
def main() -> None:
    """EvalCenter scoring engine."""


main.add_command(score_command)
main.add_command(rules_group)


if __name__ == "__main__":
    main()


def _diff_text(diff: RulesetDiff) -> str:
    """A what-if comparison for reading in a terminal (English)."""
    s = diff.summary()
    refs = (("old", diff.old.ref), ("new", diff.new.ref))
    lines = [f"{k}: {r.id} v{r.version} (sha256 {r.sha256[:12]})" for k, r in refs]
    lines.append(
        f"{s['applications']} applications scored, {s['skipped']} skipped; changed: "
        f"quantitative {s['quantitative_changed']}, composite {s['composite_changed']}, "
        f"recommendation {s['recommendation_changed']}, eligibility "
        f"{s['eligibility_changed']}, rank {s['rank_moved']}"
    )
    for row in diff.changed:
        d = row.to_dict()
        change = d["quantitative_change"]
        change = "n/a" if change is None else change if change[0] == "-" else "+" + change
        parts = [f"quantitative {d['quantitative'][0]} → {d['quantitative'][1]} ({change})"]
        if d["composite"] != [None, None]:
            parts.append(f"composite {d['composite'][0]} → {d['composite'][1]}")
        for key in ("recommendation", "eligible", "rank"):
            parts += [f"{key} {d[key][0]} → {d[key][1]}"] if d[key][0] != d[key][1] else []
        if d["indicator_changes"]:
            changes = d["indicator_changes"].items()
            parts.append("indicators " + ", ".join(f"{k} {a}→{b}" for k, (a, b) in changes))
        lines.append(f"- {row.name}: " + "; ".join(parts))
    for name, problems in diff.skipped:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        lines.append(f"! {name}: not scored: {_sentence(problems[0])}{more}")
    return "\n".join(lines)
