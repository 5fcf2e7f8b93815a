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
def seed_demo_command() -> None:
    """Add demo organisations, users and an open round (never in production)."""
    if current_app.config["EVALCENTER_ENV"] == "production":
        raise click.UsageError("seed-demo refuses to run in production mode")
    from evalcenter.demo.seed import seed_demo
    from evalcenter.extensions import db

    logins = seed_demo()
    db.session.commit()
    click.echo("Demo logins (email / password):")
    shown = logins[:7]
    for login in shown:
        click.echo(f"  {login.role:<10} {login.email:<32} {login.password}")
    rest = logins[7:]
    if rest:
        click.echo(f"  applicant  {rest[0].email} … {rest[-1].email} (same password as above)")


def register_commands(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)


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
