"""The document worker pool: real worker processes rendering and signing real PDFs."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

import pytest
from pypdf import PdfReader

from evalcenter.core.errors import ServiceError
from evalcenter.documents import pool, signing
from evalcenter.documents.samples import sample_certificate
from tests.documents.keys import configured

NAMES = ["北京犇燊堃喆玥智能装备有限公司", "北京芯原微电子科技有限公司", "北京堃玥生物医药有限公司"]


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("pool")
    return {**configured(base / "signing"), "FONT_CACHE_DIR": str(base / "fonts")}


@pytest.fixture()
def renderer(config) -> Iterator[pool.RenderPool]:
    with pool.RenderPool(pool.WorkerSetup.from_config(config), workers=2) as rendering:
        yield rendering


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""

    def expired(*_):
        raise AssertionError(f"no answer within {seconds} s: the pool hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def certificates(n: int, start: int = 0) -> list[pool.RenderJob]:
    return [
        pool.RenderJob(i, "certificate", sample_certificate(f"{NAMES[i % 3][:-6]}{i}号有限公司"))
        for i in range(start, start + n)
    ]


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_batch_is_rendered_and_signed_by_worker_processes(renderer, config):
    jobs = [
        *certificates(6),
        pool.RenderJob("unsigned", "certificate", sample_certificate(NAMES[0]), sign=False),
        pool.RenderJob("emoji", "certificate", sample_certificate("北京笑脸😀科技有限公司")),
        pool.RenderJob("nonsense", "poster", sample_certificate()),
    ]
    with deadline(120):
        outcomes = {o.key: o for o in renderer.render_many(jobs)}
    assert sorted(outcomes, key=str) == sorted((job.key for job in jobs), key=str)
    workers = renderer.worker_pids()
    assert len(workers) == 2 and os.getpid() not in workers
    assert renderer.context.get_start_method() == "spawn"

    trust = signing.trusted_certificates(config)
    for job in jobs[:6]:
        found = outcomes[job.key]
        assert found.ok and found.error is None
        assert signing.check(found.pdf, trust).valid
        assert job.data.company_name in text_of(found.pdf)
    unsigned = outcomes["unsigned"]
    assert unsigned.ok and signing.check(unsigned.pdf, trust).problems == ("unsigned",)
    assert NAMES[0] in text_of(unsigned.pdf)
    # a character no font has is refused with the renderer's own error, never drawn as a box
    assert not outcomes["emoji"].ok and outcomes["emoji"].code == "document_missing_glyph"
    assert "1F600" in dict(outcomes["emoji"].params)["characters"]
    assert not outcomes["nonsense"].ok and "poster" in outcomes["nonsense"].error


def test_a_killed_worker_fails_its_jobs_and_the_next_call_gets_a_new_pool(renderer, config):
    renderer.start()
    before = set(renderer.worker_pids())
    outcomes = []
    with deadline(120):
        for outcome in renderer.render_many(certificates(30)):
            if not outcomes:  # the batch is under way: kill one worker
                os.kill(renderer.worker_pids()[0], signal.SIGKILL)
            outcomes.append(outcome)
    assert sorted(o.key for o in outcomes) == list(range(30))  # every job answered once
    died = [o for o in outcomes if o.code == pool.WORKER_DIED]
    assert died and outcomes[0].ok
    assert all(o.ok or o.code == pool.WORKER_DIED for o in outcomes)
    assert all(o.pdf is None and "stopped" in o.error for o in died)

    with deadline(120):
        again = list(renderer.render_many(certificates(4, start=100)))
    assert [o.ok for o in again] == [True] * 4
    assert not before & set(renderer.worker_pids())  # new workers
    trust = signing.trusted_certificates(config)
    assert all(signing.check(o.pdf, trust).valid for o in again)


def test_starting_a_broken_pool_fails_once_then_starts_a_fresh_one(renderer):
    renderer.start()
    killed = renderer.worker_pids()
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    with deadline(60):
        with pytest.raises(BrokenProcessPool):
            renderer.start()
        renderer.start()
    assert len(renderer.worker_pids()) == 2 and not set(killed) & set(renderer.worker_pids())


def test_stuck_workers_are_killed_after_the_job_timeout(renderer):
    renderer.job_timeout = 0.05  # the first job alone takes longer (the workers start)
    started = time.monotonic()
    with deadline(60):
        outcomes = list(renderer.render_many(certificates(5)))
    assert [o.code for o in outcomes] == [pool.WORKER_DIED] * 5
    assert time.monotonic() - started < 30
    renderer.job_timeout = 120
    with deadline(120):
        assert all(o.ok for o in renderer.render_many(certificates(2)))


OWNER = """
import json, sys
from evalcenter.documents import pool
config = json.loads(sys.argv[1])
rendering = pool.RenderPool(pool.WorkerSetup.from_config(config), workers=2)
rendering.start()
print(json.dumps(rendering.worker_pids()), flush=True)
sys.stdin.read()  # until killed
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_workers_end_when_the_process_that_started_them_is_killed(config):
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, json.dumps(config)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=os.getcwd(),
        text=True,
    )
    with deadline(120):
        workers = json.loads(owner.stdout.readline())
    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    owner.kill()
    owner.wait()
    give_up = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < give_up:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "orphaned workers keep running"
    owner.stdin.close()
    owner.stdout.close()


def test_workers_are_never_forked_and_production_needs_a_key(config):
    with pytest.raises(ValueError, match="never forked"):
        pool.RenderPool(pool.WorkerSetup.from_config(config), start_method="fork")
    with pytest.raises(ServiceError) as raised:
        pool.WorkerSetup.from_config({**config, "EVALCENTER_ENV": "production"})
    assert raised.value.code == "document_no_signing_key"
    unsigned = pool.WorkerSetup.from_config({**config, "EVALCENTER_ENV": "production"}, sign=False)
    assert unsigned.key is None
