"""`evalcenter documents ...`: commands for issued PDFs."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from evalcenter.documents import signing
from evalcenter.documents.sample_commands import COMMANDS as SAMPLE_COMMANDS

BEIJING = ZoneInfo("Asia/Shanghai")


@click.group("documents")
def documents_group() -> None:
    """Certificates, evaluation reports and application forms (PDF)."""


for _command in SAMPLE_COMMANDS:
    documents_group.add_command(_command)


def issued_lookup(sha256: str) -> str | None:
    """Which issued certificate or report has this sha256 (a line for the output), or None."""
    from evalcenter.documents.queries import issued_file

    return issued_file(sha256)


def _when(check: signing.SignatureCheck) -> str:
    if check.signed_at is None:
        return "at a time it does not state"
    local = check.signed_at.astimezone(BEIJING)
    return f"on {local:%Y-%m-%d %H:%M:%S} Beijing time ({check.signed_at:%Y-%m-%d %H:%M:%S} UTC)"


@documents_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(file: Path) -> None:
    """Check FILE's signature against the trusted signing certificates; exit status 0 only
    when it is intact and trusted, 1 otherwise."""
    data = file.read_bytes()
    digest = signing.sha256(data)
    found = signing.check(data, signing.trusted_certificates(current_app.config))
    click.echo(f"file:    {file}")
    click.echo(f"sha256:  {digest}")
    if found.signed:
        who = found.signer or "an unreadable certificate"
        click.echo(f"signed:  by {who} {_when(found)}")
        if found.reason:
            click.echo(f"reason:  {found.reason}")
    else:
        click.echo("signed:  no")
    click.echo(f"intact:  {'yes' if found.intact else 'no'}")
    click.echo(f"trusted: {'yes' if found.trusted else 'no'}")
    try:
        issued = issued_lookup(digest)
    except SQLAlchemyError as err:  # the signature's verdict does not need the database
        cause = getattr(err, "orig", None) or err
        issued = f"not looked up: the database cannot be read ({type(cause).__name__})"
    if issued:
        click.echo(f"issued:  {issued}")
    for text in found.problem_texts():
        click.echo(f"problem: {text}")
    if found.development:
        click.echo("note:    signed with a development key: not valid for official use")
    if found.valid:
        click.echo("VALID: the signature is intact and made with a trusted certificate.")
        return
    click.echo("NOT VALID", err=True)
    click.get_current_context().exit(1)
