"""Options shared by several commands."""

import click

from kennisgraaf.config import STORE_ENV

store_option = click.option(
    "--store",
    "store",
    envvar=STORE_ENV,
    default=None,
    metavar="PATH|URL|memory:",
    help=f"Store: a folder (embedded Oxigraph), 'memory:' or a SPARQL endpoint URL. "
    f"Default: ${STORE_ENV}, else ./kennisgraaf-data.",
)
