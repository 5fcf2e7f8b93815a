"""``python -m evalcenter.scoring score ...`` / ``rules ...`` without the web application."""

import click

from .cli import rules_group, score_command


@click.group()
def main() -> None:
    """EvalCenter scoring engine."""


main.add_command(score_command)
main.add_command(rules_group)

if __name__ == "__main__":
    main()
