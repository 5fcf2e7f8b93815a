"""The `evalcenter` command: the Flask CLI with this app, plus platform commands."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from evalcenter.config import ConfigError
from evalcenter.core.roles import Role


def _create_app() -> Flask:
    from evalcenter import create_app

    try:
        return create_app()
    except ConfigError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(2)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--organisation-uscc", default=None, help="USCC of the applicant's organisation.")
@click.password_option(help="Asked for when not given.")
def create_user_command(
    email: str, name: str, role: str, organisation_uscc: str | None, password: str
) -> None:
    """Create a user account."""
    from flask_babel import force_locale
    from sqlalchemy import select

    from evalcenter.accounts import services
    from evalcenter.accounts.models import Organisation
    from evalcenter.core import messages
    from evalcenter.core.errors import ServiceError
    from evalcenter.extensions import db

    organisation_id = None
    if organisation_uscc:
        org = db.session.scalar(
            select(Organisation).where(Organisation.uscc == organisation_uscc.upper())
        )
        if org is None:
            raise click.UsageError(f"no organisation with USCC {organisation_uscc}")
        organisation_id = org.id
    spec = services.NewUser(
        name=name, email=email, role=role, password=password, organisation_id=organisation_id
    )
    try:
        user = services.create_user(None, spec)
    except ServiceError as err:
        db.session.rollback()
        with force_locale("en"):
            raise click.UsageError(messages.text(err)) from err
    db.session.commit()
    click.echo(f"created {user.role} {user.email} (id {user.id})")


@click.command("seed-demo")
@click.option(
    "--full",
    is_flag=True,
    help="Also take the demo round through review, decisions and publicity.",
)
def seed_demo_command(full: bool) -> None:
    """Add demo organisations, users and an open round (never in production); with --full,
    a complete round: reviews, decisions and a publicity with a resolved objection."""
    if current_app.config["EVALCENTER_ENV"] == "production":
        raise click.UsageError("seed-demo refuses to run in production mode")
    from evalcenter.core.roles import Role
    from evalcenter.demo.full import seed_full_demo
    from evalcenter.demo.seed import seed_demo
    from evalcenter.extensions import db
    from evalcenter.notifications import mail

    if full:
        # Some services link their messages to pages: they build the links in a request.
        with current_app.test_request_context():
            logins, built = seed_full_demo()
    else:
        logins, built = seed_demo(), None
    # The in-site messages stay; no e-mail goes to the demo's invented addresses.
    db.session.info.pop(mail.OUTBOX, None)
    db.session.commit()
    if built is False:
        click.echo("The full demo round is already built: nothing changed.")
    elif built:
        click.echo("The full demo round is built and under publicity.")
    click.echo("Demo logins (email / password):")
    staff = [login for login in logins if login.role != Role.APPLICANT]
    applicants = [login for login in logins if login.role == Role.APPLICANT]
    for login in [*staff, *applicants[:1]]:
        click.echo(f"  {login.role:<10} {login.email:<32} {login.password}")
    if applicants:
        click.echo(
            f"  applicant  {applicants[0].email} … {applicants[-1].email} (same password as above)"
        )


@click.group("notify")
def notify_group() -> None:
    """Notifications sent by commands (run them from cron)."""


@notify_group.command("due")
def notify_due_command() -> None:
    """Remind reviewers of review deadlines in three days or past, once per assignment."""
    from evalcenter.core.types import utcnow
    from evalcenter.extensions import db
    from evalcenter.notifications import mail
    from evalcenter.notifications.due import send_due

    sent = send_due(utcnow())
    db.session.commit()
    mail.wait()
    for item in sent:
        click.echo(
            f"{item.kind} to {item.reviewer.email} ({item.round.name}): "
            f"{len(item.assignment_ids)} review(s)"
        )
    click.echo(f"{len(sent)} reminder(s) sent")


@click.group("export")
def export_group() -> None:
    """Exports of a round's results (reviewers appear by code only)."""


@export_group.command("ranking")
@click.option("--round", "round_ref", required=True, help="The round's id, or 'latest'.")
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "xlsx"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def export_ranking_command(round_ref: str, fmt: str, output: str) -> None:
    """Write a round's ranking (CSV) or its ranking and panel results (Excel) to a file."""
    from sqlalchemy import select

    from evalcenter.extensions import db
    from evalcenter.reviews import exports
    from evalcenter.reviews.ranking import round_ranking
    from evalcenter.rounds.models import EvaluationRound

    if round_ref == "latest":
        stmt = select(EvaluationRound).order_by(EvaluationRound.id.desc()).limit(1)
        rnd = db.session.scalar(stmt)
    else:
        rnd = db.session.get(EvaluationRound, int(round_ref)) if round_ref.isdigit() else None
    if rnd is None:
        raise click.UsageError(f"no round {round_ref!r} (give a round id or 'latest')")
    download = exports.xlsx_download if fmt == "xlsx" else exports.csv_download
    body, _, _ = download(round_ranking(rnd), "ranking")
    with open(output, "wb") as out:
        out.write(body)
    click.echo(f"wrote {output}: the ranking of {rnd.name} (id {rnd.id})")


def register_commands(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(export_group)
    app.cli.add_command(notify_group)
    from evalcenter.core.job_cli import worker_command

    app.cli.add_command(worker_command)
    from evalcenter.documents.cli import documents_group

    app.cli.add_command(documents_group)


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main() -> None:
    """EvalCenter platform commands."""


def _add_engine_commands() -> None:
    """The rule-engine commands need no app (and no secret key or database)."""
    from evalcenter.rules_cli import rules_group, score_command

    main.add_command(score_command)
    main.add_command(rules_group)


_add_engine_commands()


if __name__ == "__main__":
    main()
