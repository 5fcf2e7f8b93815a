"""`evalcenter documents sample-*`: specimen PDFs from the real templates and made-up data,
made (and signed) as issued documents are.

No database is opened; the fonts are cut into (or taken from) the app's font cache. A name the
fonts cannot print exits with status 1 and the message, as issuing would refuse it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask_babel import force_locale

from evalcenter.core import messages
from evalcenter.core.errors import ServiceError
from evalcenter.documents import fonts, pdfs, samples
from evalcenter.scoring import InputError

OUT = click.Path(dir_okay=False, writable=True, path_type=Path)
NAME = click.option("--company-name", default=None, help="Print this company name instead.")


def _write(out: Path, build: Callable[[], Any], make: Callable[[Any], bytes]) -> None:
    try:
        pdfs.prepared_fonts()
        data = build()
        started = time.perf_counter()
        pdf = make(data)
        took = time.perf_counter() - started
    except ServiceError as err:
        with force_locale("en"):
            raise click.ClickException(messages.text(err)) from None
    except InputError as err:
        with force_locale("en"):
            raise click.ClickException("; ".join(map(messages.text, err.problems))) from None
    except fonts.FontError as err:
        raise click.ClickException(str(err)) from None
    out.write_bytes(pdf)
    click.echo(f"{out}: {len(pdf):,} bytes, rendered in {took * 1000:.0f} ms")


@click.command("sample-certificate")
@click.argument("out", type=OUT)
@NAME
def sample_certificate_command(out: Path, company_name: str | None) -> None:
    """Write a specimen certificate to OUT."""
    _write(out, lambda: samples.sample_certificate(company_name), pdfs.certificate)


@click.command("sample-report")
@click.argument("out", type=OUT)
@NAME
def sample_report_command(out: Path, company_name: str | None) -> None:
    """Write a specimen evaluation report (the reference ruleset's example) to OUT."""
    _write(out, lambda: samples.sample_report(company_name), pdfs.report)


@click.command("sample-application")
@click.argument("out", type=OUT)
def sample_application_command(out: Path) -> None:
    """Write a specimen application form to OUT."""
    _write(out, samples.sample_form, pdfs.application_form)


COMMANDS = (sample_certificate_command, sample_report_command, sample_application_command)
