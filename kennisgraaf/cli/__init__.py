"""The ``kennisgraaf`` command line: commands parse and print, the library does the work.

Each module in this package adds its commands to :data:`cli`; ``COMMAND_MODULES``
lists them.
"""

import importlib
import sys

import click

from kennisgraaf.errors import KennisgraafError

COMMAND_MODULES = ("store_commands", "ingest_commands", "ask_commands", "serve_command", "export_command", "extract_command")


class _Group(click.Group):
    """Turns every :class:`KennisgraafError` into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KennisgraafError as exc:
            click.echo(f"kennisgraaf: error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("kennisgraaf: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kennisgraaf")
def cli() -> None:
    """Turn Dutch news articles into an RDF knowledge graph and question it."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")


def main() -> None:
    cli(prog_name="kennisgraaf")
