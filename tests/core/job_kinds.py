"""A job kind registered only by the tests of the job machinery (and by the worker processes
those tests start, through EVALCENTER_JOB_MODULES / JOB_MODULES): it counts N items, each
committed with an audit event, and writes a result file naming the process that ran it.

Parameters: n (items 1..n); fail (items that fail on the first run, with a ServiceError);
crash (items that fail on the first run with an unexpected error); explode_after (the job
itself fails after that many items); delay (seconds per item, to watch it run).
"""

from __future__ import annotations

import json
import os
import time

from evalcenter.core import audit, jobs
from evalcenter.core.errors import ServiceError
from evalcenter.core.job_runner import JobRun

KIND = "tests.count"


def count_items(run: JobRun) -> None:
    params = run.params
    keys = [k for k in range(1, params["n"] + 1) if run.only is None or k in run.only]
    first_run = run.only is None
    run.set_total(len(keys))
    run.checkpoint()
    done = []
    for key in keys:
        if key == params.get("explode_after", 0) + 1 and "explode_after" in params:
            raise RuntimeError("the test job explodes")
        with run.item(key, f"Item {key}"):
            audit.record("tests.item", "test_item", key)
            if first_run and key in params.get("fail", ()):
                raise ServiceError("calendar_day_taken", day=f"2026-10-{key:02d}")
            if first_run and key in params.get("crash", ()):
                raise RuntimeError(f"item {key} crashes")
            time.sleep(params.get("delay", 0))
            done.append(key)
    result = {"pid": os.getpid(), "done": done}
    run.result_path("result.json").write_text(json.dumps(result), encoding="utf-8")
    run.set_result_file("result.json")
    run.checkpoint()


jobs.register(KIND, count_items, label="Counting test items")
