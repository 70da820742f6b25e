"""``relman serve``: the app in a web browser, for staff without an SSH client.

textual-serve is a small web server: every browser tab that opens the page starts one
``relman`` process (the app, on Textual's web driver) and relays its screen to xterm.js in
the page. The process gets the database and the [ui] settings through the environment
(RELMAN_DB, RELMAN_THEME, RELMAN_MOUSE), so the command it runs holds nothing to quote and
a database URL's password is in no app process's command line. Files the app writes go to the browser as downloads
(tui.deliver).

There is no authentication: whoever reaches the port uses the database. The default host
is 127.0.0.1; anyone else comes through a reverse proxy with authentication and TLS (the
README's "In a browser"), and then --public-url names the address the browser sees.

This module imports neither textual nor textual-serve until the server starts.
"""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Callable

from models.base.errors import UserError

# What textual-serve sets for the app process (textual_serve.app_service); Textual's
# App.is_web tells the same once the app runs, but the CLI must know before.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def browser_session() -> bool:
    """This process is a browser tab's app, started by ``relman serve`` (stdin/stdout are
    textual-serve's pipes, not a terminal)."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def add_serve_parser(commands, common, *, open_db: Callable[[argparse.Namespace, str], None],
                     default_db: Callable[[], str]) -> None:
    """The ``serve`` subcommand. ``open_db(args, target)`` opens the database the CLI's way
    (tui.cli.open_target); ``default_db()`` is the database without --db."""
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the app in a web browser (no authentication: see the README)",
        description="Serve the app in a web browser with textual-serve: every browser tab runs its own "
        "Relman on this machine, on this database. Files Relman writes (Export Letters, Export Contacts, "
        "attachments) arrive as browser downloads. There is NO authentication: whoever reaches the port "
        "uses the database. Keep the default host 127.0.0.1 and put a reverse proxy with a login and TLS "
        "in front for anyone else (README, \"In a browser\").",
    )
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=f"the address to listen on (default {DEFAULT_HOST}: this machine only)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"the TCP port (default {DEFAULT_PORT})")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address browsers use, when it is not http://HOST:PORT "
                       "(behind a reverse proxy: e.g. https://crm.example.com)")
    # as the app's own options; SUPPRESS keeps a value given before 'serve'
    serve.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help="the colour theme (as for the app)")
    serve.add_argument("--mouse", action="store_true", default=argparse.SUPPRESS,
                       help="let the app follow the mouse (as for the app)")

    serve.set_defaults(run=lambda args: cmd_serve(args, open_db, default_db))


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1-65535)")
    return value


def app_command() -> str:
    """The command textual-serve runs (through a shell) for each browser tab: this Python
    and this Relman, whatever PATH holds."""
    argv = [sys.executable, "-m", "tui.cli"]
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def app_environment(target: str, theme: str | None, mouse: bool) -> dict[str, str]:
    """What the app processes inherit: the database and the settings given to ``serve``."""
    env = {"RELMAN_DB": target}
    if theme:
        env["RELMAN_THEME"] = theme
    if mouse:
        env["RELMAN_MOUSE"] = "yes"
    return env


def cmd_serve(args: argparse.Namespace, open_db: Callable[[argparse.Namespace, str], None],
              default_db: Callable[[], str]) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError("relman serve needs textual-serve: pip install 'relman[serve]' "
                        "(in the environment Relman is installed in).") from None
    from models.base.db import close_database
    from tui.ui_settings import check, ui_settings

    # what would fail in every browser tab fails here, once, in one line
    theme, mouse = getattr(args, "theme", None), bool(getattr(args, "mouse", False))
    check(ui_settings(theme=theme, mouse=mouse or None))
    _check_port(args.host, args.port)
    target = args.db or default_db()
    open_db(args, target)  # a mistyped --db; --create makes the file here
    close_database()  # the app processes open their own
    os.environ.update(app_environment(target, theme, mouse))
    server = Server(app_command(), host=args.host, port=args.port, title="Relman", public_url=args.public_url)
    server.serve()
    return 0


def _check_port(host: str, port: int) -> None:
    """A port in use or not ours is the user's error, said in one line before the banner."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UserError(f"Cannot serve on {host}: {exc.strerror}.") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        if os.name != "nt":  # as aiohttp binds there (on Windows it would let two servers share a port)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            reason = "another program uses it" if exc.errno == errno.EADDRINUSE else exc.strerror
            raise UserError(f"Cannot serve on {host}:{port}: {reason}.") from None
