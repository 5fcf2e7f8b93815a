"""The engine package loads neither Flask nor SQLAlchemy, and the bench agrees with it."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

from evalcenter.explain import STEPS
from evalcenter.scoring.messages import PARAMS

from .conftest import ROOT


def test_engine_import_does_not_load_flask_or_sqlalchemy():
    code = (
        "import sys, evalcenter.scoring, evalcenter.explain, evalcenter.rules_cli;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug'));"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_engine_sources_do_not_import_web_frameworks_or_their_renderer():
    """The engine returns codes; evalcenter.explain (pure too) renders them, never the reverse."""
    frameworks = re.compile(r"^\s*(from|import)\s+(flask|sqlalchemy|werkzeug|click)", re.M | re.I)
    renderer = re.compile(r"^\s*(from|import)\s+evalcenter\.explain", re.M)
    for package in ("scoring", "explain"):
        for path in (ROOT / "evalcenter" / package).glob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert not frameworks.search(source), path
            assert package == "explain" or not renderer.search(source), path


def test_every_step_code_has_a_text_that_names_only_its_parameters():
    named = re.compile(r"%\((\w+)\)s")
    assert set(STEPS) == set(PARAMS)
    for code, msgid in STEPS.items():
        assert set(named.findall(msgid)) <= {"subject", *PARAMS[code]}, code


def test_bench_runs_and_results_are_identical():
    spec = importlib.util.spec_from_file_location("score_bench", ROOT / "bench" / "score_bench.py")
    bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    figures = bench.run(n=400, seed=7, repeat=1, render=20)
    assert figures["compared"] == 400  # every application compared, digit for digit
    assert 0 < figures["eligible"] < 400  # both outcomes were exercised
