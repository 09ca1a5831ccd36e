"""``serve``: the web app under waitress, on the same store as the other commands."""

import signal
import sys

import click

from kennisgraaf.cli import cli
from kennisgraaf.cli.options import store_option
from kennisgraaf.config import setting


@cli.command()
@click.option("--host", default=None, help=f"Address to listen on (default {setting('host')}).")
@click.option("--port", type=int, default=None, help=f"Port (default {setting('port')}).")
@click.option("--threads", type=int, default=None,
              help=f"Request threads (default {setting('threads')}).")
@click.option("--token", envvar="KENNISGRAAF_TOKEN", default=None,
              help="Bearer token that writing needs (default: $KENNISGRAAF_TOKEN; "
                   "without one, writing is switched off).")
@store_option
def serve(host: str | None, port: int | None, threads: int | None, token: str | None,
          store: str | None) -> None:
    """Serve the SPARQL endpoint, the Graph Store, the JSON API and the web pages."""
    import waitress

    from kennisgraaf.web.app import create_app

    app = create_app({"store": store, "token": token, "host": host, "port": port,
                      "threads": threads})
    conf = app.config["KENNISGRAAF"]
    click.echo(f"kennisgraaf: serving {conf['store']} on http://{conf['host']}:{conf['port']}/"
               f" (writing {'needs the token' if conf['token'] else 'switched off'})", err=True)
    # SIGTERM (systemd, docker, a plain kill) stops like Ctrl-C: the store is flushed and
    # the query workers and their checkpoints go with the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        waitress.serve(app, host=conf["host"], port=int(conf["port"]),
                       threads=int(conf["threads"]), ident="kennisgraaf",
                       # Twice Flask's limit: a body a little over it reaches Flask, which
                       # answers 413 in the JSON error shape; far over it, waitress refuses.
                       max_request_body_size=2 * int(conf["max_body_bytes"]))
    finally:
        app.extensions["kennisgraaf"].close()
