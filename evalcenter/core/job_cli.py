"""`evalcenter worker`: an RQ worker for the background jobs (run one or more next to the web
server when EVALCENTER_REDIS_URL is set)."""

from __future__ import annotations

import click
from flask import current_app


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop.")
def worker_command(burst: bool) -> None:
    """Run background jobs from the RQ queue "evalcenter" on EVALCENTER_REDIS_URL."""
    url = current_app.config["REDIS_URL"]
    if not url:
        raise click.UsageError(
            "EVALCENTER_REDIS_URL is not set, so there is no job queue to work on. Set it to "
            "the Redis server the web application uses, e.g. redis://127.0.0.1:6379/1 (without "
            "it the web application runs each job in a process of its own)."
        )
    from redis import Redis
    from rq import Queue, Worker

    from evalcenter.core import jobs
    from evalcenter.core.job_dispatch import QUEUE

    jobs.use_app(current_app._get_current_object())
    connection = Redis.from_url(url)
    worker = Worker([Queue(QUEUE, connection=connection)], connection=connection)
    worker.work(burst=burst, logging_level="INFO")
