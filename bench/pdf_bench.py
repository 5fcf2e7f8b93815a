"""PDF documents: render + sign times against a minimal WeasyPrint page, and a batch through
the worker pool.

In one run, on this machine: the median (after warm-up) of (a) a minimal Latin one-page
WeasyPrint document, the floor; (b) the sample certificate rendered and signed; (c) the sample
evaluation report rendered and signed, with their ratios to the floor (signing and checking a
signature alone are shown too); then (d) the wall time of a batch of certificates (500 by
default, every company name different, many with characters outside GB2312) rendered and
signed by the worker pool, one process per core, started for the batch. Every signature in the
batch is checked afterwards (not timed). CPU times are shown beside the wall times (this
process's for single documents, the workers' for the batch): on a shared machine they say what
the code costs when the wall times say mostly how busy the CPUs were.

Targets on a 2-core machine: certificate <= 60 ms, report <= 400 ms, 500 certificates <= 30 s.

    .venv/bin/python bench/pdf_bench.py [--repeat 15] [--batch 500] [--workers N]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evalcenter.documents import fonts, pool, render, samples, signing  # noqa: E402

FLOOR_HTML = "<p style='font-family: sans-serif'>EvalCenter: one short line of Latin text.</p>"
RARE = "犇燊堃喆玥"  # outside GB2312: set from the full system face, not the pre-cut one
COMMON = "安博晨达丰海华嘉江锦京科蓝联明诺鹏清瑞盛泰同威新信扬远泽智中卓"
TRADES = ("科技", "智能装备", "生物医药", "微电子", "信息技术", "新能源", "精密制造", "数据服务")
TARGETS = {"certificate": 0.060, "report": 0.400, "batch": 30.0}


def median_time(fn: Callable[[], object], repeat: int, warmup: int = 2) -> tuple[float, float]:
    """The median wall time and the median CPU time of this process, after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def company_names(n: int) -> list[str]:
    """``n`` different names; every third has a character outside GB2312."""
    names = []
    for i in range(n):
        first = RARE[i % len(RARE)] if i % 3 == 0 else COMMON[i % len(COMMON)]
        second = COMMON[(i * 7 + 3) % len(COMMON)]
        names.append(f"北京{first}{second}{TRADES[i % len(TRADES)]}第{i + 1}有限公司")
    assert len(set(names)) == n
    return names


def issued(data):
    """The sample as an issued document: without the specimen watermark (a sample's mark is
    drawn on every page, which issued documents never carry)."""
    return dataclasses.replace(data, specimen=False)


def batch_jobs(n: int) -> list[pool.RenderJob]:
    base = issued(samples.sample_certificate())
    return [
        pool.RenderJob(
            i,
            "certificate",
            dataclasses.replace(
                base,
                company_name=name,
                centre_name=f"{name}企业技术中心",
                serial=f"BJ-ETC-2025-{i + 1:04d}",
            ),
        )
        for i, name in enumerate(company_names(n))
    ]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(repeat: int = 15, batch: int = 500, workers: int | None = None) -> dict:
    from weasyprint import HTML

    work = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    config = {
        "EVALCENTER_ENV": "development",
        "SIGNING_DIR": str(work / "signing"),
        "FONT_CACHE_DIR": str(work / "fonts"),
    }
    prepared = fonts.prepare(config["FONT_CACHE_DIR"])
    key = signing.load_key(config)
    trust = signing.trusted_certificates(config)
    certificate = issued(samples.sample_certificate())
    rare = issued(samples.sample_certificate(rare=True))
    report = issued(samples.sample_report())
    unsigned = render.render_certificate(certificate, prepared)
    certificate_pdf = signing.sign(unsigned, key)

    f = {
        "floor": median_time(lambda: HTML(string=FLOOR_HTML).write_pdf(), repeat),
        "certificate": median_time(
            lambda: signing.sign(render.render_certificate(certificate, prepared), key), repeat
        ),
        "rare": median_time(
            lambda: signing.sign(render.render_certificate(rare, prepared), key), repeat
        ),
        "report": median_time(
            lambda: signing.sign(render.render_report(report, prepared), key), repeat
        ),
        "sign": median_time(lambda: signing.sign(unsigned, key), repeat),
        "check": median_time(lambda: signing.check(certificate_pdf, trust), repeat),
        "certificate_kb": len(certificate_pdf) / 1024,
    }

    jobs = batch_jobs(batch)
    setup = pool.WorkerSetup.from_config(config)
    children_cpu = _children_cpu()
    with pool.RenderPool(setup, workers=workers) as rendering:
        start = time.perf_counter()
        rendering.start()
        f["pool_start"] = time.perf_counter() - start
        outcomes = list(rendering.render_many(jobs))
        f["batch"] = time.perf_counter() - start
        f["workers"] = rendering.workers
    f["batch_cpu"] = _children_cpu() - children_cpu  # the workers, ended and waited for
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise AssertionError(f"{len(failed)} of {batch} failed, e.g. {failed[0].error}")
    bad = [o.key for o in outcomes if not signing.check(o.pdf, trust).valid]
    if bad:
        raise AssertionError(f"{len(bad)} signatures do not verify, e.g. job {bad[0]}")
    f["batch_n"] = batch
    f["batch_mb"] = sum(len(o.pdf) for o in outcomes) / 1024 / 1024
    return f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    f = run(args.repeat, args.batch, args.workers)
    load_after = os.getloadavg()[0]
    floor = f["floor"][0]
    ms = 1000

    def line(label: str, seconds: tuple[float, float], extra: str = "") -> None:
        wall, cpu = seconds
        print(
            f"{label:<34}{wall * ms:8.1f} ms  {wall / floor:5.1f}x floor  "
            f"(CPU {cpu * ms:6.1f} ms){extra}"
        )

    line("minimal Latin page (floor):", f["floor"])
    line("certificate, render + sign:", f["certificate"], f"  ({f['certificate_kb']:.0f} KB)")
    line("  the same, name outside GB2312:", f["rare"])
    line("report, render + sign:", f["report"])
    line("  signing alone:", f["sign"])
    line("  checking a signature:", f["check"])
    per = f["batch"] / f["batch_n"]
    print(
        f"batch of {f['batch_n']} certificates, {f['workers']} workers: {f['batch']:.1f} s wall "
        f"({per * ms:.1f} ms each; {f['pool_start']:.1f} s of it starting and warming the "
        f"workers; {f['batch_mb']:.1f} MB), every signature verified"
    )
    print(
        f"  the workers' CPU time: {f['batch_cpu']:.1f} s in all, "
        f"{f['batch_cpu'] / f['batch_n'] * ms:.1f} ms a certificate (start-up included)"
    )
    met = {
        "certificate": f["certificate"][0] <= TARGETS["certificate"],
        "report": f["report"][0] <= TARGETS["report"],
        "batch": f["batch"] * 500 / f["batch_n"] <= TARGETS["batch"],
    }
    summary = ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in met.items())
    print(f"targets (certificate <= 60 ms, report <= 400 ms, 500 in <= 30 s): {summary}")
    cores = os.cpu_count() or 1
    print(f"load average (1 min) before and after: {load_before:.1f}, {load_after:.1f} on {cores}")
    if load_before > cores / 2:  # (the batch itself loads every core: "after" is high)
        print("warning: other processes were using the CPUs: the figures are slower than alone")


if __name__ == "__main__":
    main()
