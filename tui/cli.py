"""The ``relman`` command: opens the app, or imports, exports and makes demo data.

Errors a user can cause (a database that cannot be opened or does not exist, a file
that cannot be read or written, an invalid CSV row, a full disk: tui.safely.in_words,
the app's own mapping) print one line, ``relman: error: …``, and exit 2. Anything else
is a bug: its traceback goes to a log file in the user's data folder, one line names
that file, and the exit status is 1.

A missing SQLite file is made only for the default database in the data folder, for
demo data, or with ``--create``: a mistyped ``--db`` is an error, not a new empty
database. The app needs a terminal; without one the subcommands are the way in.

This module imports neither textual nor the app until the app is opened, so the
subcommands start quickly. Start-up runs with the garbage collector off (``main``).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import IO

import platformdirs

from models.base.errors import UserError

PROG = "relman"
ENV_DB = "RELMAN_DB"
DEMO_DB_NAME = "relman-demo.db"
DEMO_CONTACTS = 2000
DEMO_SEED = 1
EXPORT_TABLES = (
    "contacts", "segments", "segment-lines", "interaction-log", "logged-segments", "postponed",
)


def data_dir() -> Path:
    """The user's data folder: the default database and the error log live here."""
    return Path(platformdirs.user_data_dir("relman"))


def data_db() -> str:
    """The default database in the data folder: made on first use."""
    return str(data_dir() / "relman.db")


def default_db() -> str:
    return os.environ.get(ENV_DB) or data_db()


# ---------------------------------------------------------------------------
# Arguments


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block): ``relman: error: …``, exit 2."""

    def error(self, message: str):
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def build_parser() -> argparse.ArgumentParser:
    db_help = (
        f"the database: a SQLite file or a postgresql:// URL "
        f"(default: ${ENV_DB}, else {data_dir() / 'relman.db'})"
    )
    # Subcommands repeat --db; SUPPRESS keeps a value given before the subcommand.
    create_help = "make the SQLite file when it does not exist (otherwise only the default database is made)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--create", action="store_true", default=argparse.SUPPRESS, help=create_help)

    parser = _Parser(
        prog=PROG,
        formatter_class=lambda prog: argparse.HelpFormatter(prog, max_help_position=30),
        description="Relman: a keyboard-first terminal CRM for segments and interactions. "
        "Without a command, opens the app.",
        epilog=f"'{PROG} COMMAND --help' describes a command.",
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", default=None, help=db_help)
    parser.add_argument("--create", action="store_true", help=create_help)
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"open the app on a demo database ({data_dir() / DEMO_DB_NAME} unless --db is given), "
        f"filled with {DEMO_CONTACTS:,} contacts the first time",
    )
    parser.add_argument("--theme", metavar="NAME",
                        help="the colour theme, e.g. ansi-dark for the terminal's own 16 colours (default: "
                        "[ui] theme in relman.toml, else chosen by the terminal's colours)")
    parser.add_argument("--mouse", action="store_true",
                        help="let the app follow the mouse (off by default: every move is traffic on the line)")
    parser.add_argument("--version", action=_Version, help="show program's version number and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="fill an empty database with demo data",
        description="Fill an empty database with deterministic demo data: contacts, segments, "
        "logged segments, interactions and postponed interactions.",
    )
    demo.add_argument("--contacts", type=_positive, default=DEMO_CONTACTS, metavar="N",
                      help=f"how many contacts (default {DEMO_CONTACTS})")
    demo.add_argument("--seed", type=int, default=DEMO_SEED, metavar="S",
                      help=f"the random seed: the same seed makes the same data (default {DEMO_SEED})")
    demo.set_defaults(run=cmd_demo)

    from models.contacts.csv_columns import CONTACT_COLUMNS

    columns = ", ".join(f'"{caption}"' for caption, _key in CONTACT_COLUMNS)
    imp = commands.add_parser(
        "import-contacts",
        parents=[common],
        help="import contacts from a CSV file",
        description="Import contacts from a CSV file (UTF-8 with or without a BOM; comma-, semicolon- "
        "or tab-separated, sniffed from the first lines and named on stderr when not a comma; the first "
        f"line names the columns as in Business Central): {columns}. Persons may name a company of the same "
        "file in \"Company No.\". Rows without \"No.\" take numbers from the Contact Nos. series. "
        "Every invalid row is reported as 'line N: Field: reason'; then nothing is imported "
        "unless --skip-invalid is given.",
    )
    imp.add_argument("file", metavar="FILE.csv", help="the CSV file")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="import the valid rows and report the invalid ones")
    imp.set_defaults(run=cmd_import_contacts)
    add_import_links_parser(commands, common)

    exp = commands.add_parser(
        "export",
        parents=[common],
        help="export a table as CSV",
        description="Write a table as CSV with Business Central's field captions as the header "
        "row. interaction-log holds the Interaction Log Entries; postponed the postponed "
        "interactions (saved wizards).",
    )
    exp.add_argument("table", metavar="TABLE", choices=EXPORT_TABLES,
                     help="one of: " + ", ".join(EXPORT_TABLES))
    exp.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: standard output)")
    exp.add_argument("--excel", action="store_true",
                     help="for Excel: UTF-8 with a BOM, and the delimiter and decimal symbol of the office "
                     "locale ([merge] locale, RELMAN_MERGE_LOCALE): semicolons where decimals have a comma")
    exp.set_defaults(run=cmd_export)
    from tui.runbook import add_segment_parser  # relman segment …: runbooks

    add_segment_parser(commands, common, open_db=lambda a: open_target(a, a.db or default_db()), progress=Progress)
    from tui.serve import add_serve_parser  # relman serve: the app in a web browser

    add_serve_parser(commands, common, open_db=open_target, default_db=default_db)
    return parser


class _Version(argparse.Action):
    """--version, looked up only when asked (importlib.metadata costs ~8 ms of every start)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("relman")
    except Exception:
        return "unknown"


# ---------------------------------------------------------------------------
# Commands


def has_terminal() -> bool:
    """Standard input and output are a terminal (the app needs one: without it, it spins)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def open_target(args: argparse.Namespace, target: str, *, may_create: bool = False) -> None:
    """Open the database; a missing SQLite file is made only when ``may_create``, for the
    default database, or with --create."""
    from models.base.db import redact
    from models.tables.schema import database_file, open_database

    file = database_file(target)
    if file is not None and not file.exists() and not (may_create or args.create or target == data_db()):
        raise UserError(f"Cannot open database {redact(target)}: there is no such file "
                        f"(--create makes a new database; '{PROG} demo' one with demo data).")
    open_database(target)


def cmd_app(args: argparse.Namespace) -> int:
    app = _make_app(args)
    # what was imported lives for ever: frozen, the collector's passes over it (~30 ms, as the
    # first page mounts) are skipped from here on
    gc.freeze()
    gc.enable()  # off since main began
    app.run()
    return app.return_code or 0


def _make_app(args: argparse.Namespace):
    """The app, on a database that opens (checked before the screen takes the terminal)."""
    from models.base.db import close_database, redact
    from tui.serve import browser_session

    if not (has_terminal() or browser_session()):  # under relman serve, the pipes are the browser's
        raise UserError(f"the app needs a terminal; without one use '{PROG} export', '{PROG} import-contacts' "
                        f"or '{PROG} demo' (see '{PROG} --help').")
    from tui.ui_settings import check, ui_settings

    ui = ui_settings(theme=args.theme, mouse=args.mouse or None)
    check(ui)  # a mistyped theme or key id is one line, before the screen opens
    if args.demo:
        target = args.db or str(data_dir() / DEMO_DB_NAME)
        open_target(args, target, may_create=True)
        from models.contacts.csv_export import count_rows

        if count_rows("contacts") == 0:
            print(f"{PROG}: filling the demo database {redact(target)} with {DEMO_CONTACTS:,} contacts "
                  f"(seed {DEMO_SEED}) …", file=sys.stderr, flush=True)
            from models.demo.generate import generate

            gc.enable()  # long work that makes garbage: the collector back on for it
            generate(contacts=DEMO_CONTACTS, seed=DEMO_SEED)
    else:
        target = args.db or default_db()
        open_target(args, target)  # a database that cannot be opened fails here, before the screen
    close_database()

    from tui.app import RelmanApp

    app = RelmanApp(target, ui=ui)
    if browser_session():  # relman serve: Textual's web driver, with whole packets (tui.browser_driver)
        from tui.browser_driver import BrowserDriver

        app.driver_class = BrowserDriver
    return app


def cmd_demo(args: argparse.Namespace) -> int:
    from models.base.db import redact
    from models.contacts.csv_export import count_rows

    target = args.db or default_db()
    open_target(args, target, may_create=True)
    from models.demo.generate import generate

    progress = Progress(sys.stderr)
    started = time.monotonic()
    try:
        generate(contacts=args.contacts, seed=args.seed, progress=progress)
    finally:
        progress.finish()
    seconds = time.monotonic() - started
    counts = {table: count_rows(table) for table in EXPORT_TABLES}
    print(
        f"Demo data in {redact(target)}: {counts['contacts']:,} contacts, "
        f"{counts['segments']:,} segments ({counts['segment-lines']:,} lines), "
        f"{counts['logged-segments']:,} logged segments, "
        f"{counts['interaction-log']:,} interaction log entries, "
        f"{counts['postponed']:,} postponed interactions ({seconds:.1f} s)."
    )
    return 0


def cmd_import_contacts(args: argparse.Namespace) -> int:
    from models.contacts.csv_import import import_contacts

    return _report_import(args, lambda path: import_contacts(path, skip_invalid=args.skip_invalid))


LINK_KINDS = ("mailing-groups", "industry-groups", "business-relations", "job-responsibilities",
              "alt-addresses", "alt-address-date-ranges")  # models.contacts.links_import.FILES


def add_import_links_parser(commands, common) -> None:
    links = commands.add_parser(
        "import-links",
        parents=[common],
        help="import contacts' mailing groups, industry groups, … or alternative addresses from a CSV file",
        description="Import a contact's links from a CSV file read as import-contacts reads one, with Business "
        "Central's captions: \"Contact No.\" and \"Mailing Group Code\" (mailing-groups), \"Industry Group "
        "Code\" (industry-groups: companies), \"Business Relation Code\" (business-relations: companies), "
        "\"Job Responsibility Code\" (job-responsibilities: persons); alt-addresses: \"Code\", \"Company "
        "Name\", \"Address\", \"Address 2\", \"Post Code\", \"City\", \"County\", \"Country/Region "
        "Code\", \"Phone No.\", \"Fax No.\", \"E-Mail\"; alt-address-date-ranges: \"Starting Date\", "
        "\"Ending Date\", \"Contact Alt. Address Code\". Every invalid row is reported as "
        "'line N: Field: reason'; then nothing is imported unless --skip-invalid is given.",
    )
    links.add_argument("kind", metavar="KIND", choices=LINK_KINDS, help="one of: " + ", ".join(LINK_KINDS))
    links.add_argument("file", metavar="FILE.csv", help="the CSV file")
    links.add_argument("--skip-invalid", action="store_true",
                       help="import the valid rows and report the invalid ones")
    links.set_defaults(run=cmd_import_links)


def cmd_import_links(args: argparse.Namespace) -> int:
    from models.contacts.links_import import import_links

    return _report_import(args, lambda path: import_links(args.kind, path, skip_invalid=args.skip_invalid))


def _report_import(args: argparse.Namespace, run) -> int:
    """An import's file checked, its database opened, its report printed (as import-contacts)."""
    path = Path(args.file)
    if not path.is_file():  # before opening (and maybe creating) a database
        reason = "it is a folder" if path.is_dir() else "no such file"
        raise UserError(f"Cannot read {args.file}: {reason}.")
    open_target(args, args.db or default_db())
    report = run(path)
    if report.delimiter != ",":  # the comma is what the help promises; any other is said
        from models.base.csv_dialect import describe

        print(f"read as {describe(report.delimiter)}", file=sys.stderr)
    for error in report.errors:
        print(error, file=sys.stderr)
    if report.errors and not args.skip_invalid:
        rows = "row is" if len(report.errors) == 1 else "rows are"
        raise UserError(
            f"{len(report.errors):,} {rows} invalid; nothing was imported "
            "(--skip-invalid imports the valid rows)."
        )
    print(f"imported {report.imported}, skipped {report.skipped}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from models.contacts.csv_export import export_table

    options, excel = {}, ""
    if args.excel:
        from models.base.csv_dialect import describe, excel_dialect
        from models.merge.merge_settings import office_locale

        locale = office_locale()
        options["dialect"] = excel_dialect(locale)
        excel = f" for Excel in {locale} ({describe(options['dialect'].delimiter)})"
    open_target(args, args.db or default_db())
    if not args.output:
        export_table(args.table, sys.stdout, **options)
        sys.stdout.flush()
        return 0
    from models.base.files import text_output

    with text_output(args.output) as handle:
        rows = export_table(args.table, handle, **options)
    print(f"exported {rows} rows to {args.output}{excel}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# Progress on stderr


class Progress:
    """The ``progress(fraction, text)`` of long work (models.base.ask): one updating line
    on a terminal, else a line when the text changes or every few seconds."""

    INTERVAL_TTY = 0.1  # seconds between redraws on a terminal
    INTERVAL_LOG = 5.0  # seconds between lines otherwise

    def __init__(self, stream: IO[str], *, tty: bool | None = None):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.stage = None
        self.last_shown = 0.0
        self.width = 0
        self.updates = 0

    def __call__(self, fraction: float, text: str = "") -> None:
        self.updates += 1
        stage = text.split(" ", 1)[0] if text else self.stage  # "Contacts 10,000 of …": the stage is "Contacts"
        new_stage, self.stage = stage != self.stage, stage
        now = time.monotonic()
        interval = self.INTERVAL_TTY if self.tty else self.INTERVAL_LOG
        if not (new_stage or fraction >= 1.0 or now - self.last_shown >= interval):
            return
        self.last_shown = now
        self._show(f"{text} {fraction:.0%}" if text else f"{fraction:.0%}")

    def _show(self, text: str) -> None:
        try:
            if self.tty:
                pad = max(0, self.width - len(text))
                self.stream.write("\r" + text + " " * pad)
                self.width = len(text)
            else:
                self.stream.write(text + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            pass  # progress is never worth failing for

    def finish(self) -> None:
        if self.tty and self.width:
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.width = 0


# ---------------------------------------------------------------------------
# Entry point


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def log_unexpected(exc: BaseException, argv: list[str]) -> Path:
    """The traceback goes to the app's one log file."""
    from tui.safely import log_bug

    return log_bug(exc, f"{PROG} {' '.join(argv)}")


def main(argv: list[str] | None = None) -> int:
    # Start-up makes objects that live for ever (modules, classes, the parser, the database's
    # models): the collector's passes over them as they are made are wasted (~15 ms of the
    # app's first paint). It is off until the work starts: a command's, or the app's (cmd_app).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> int:
    from tui.safely import bugs_logged, in_words  # (peewee: with the collector off)

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.demo and args.command:
            parser.error(f"--demo opens the app; it does not go with '{args.command}'")
    except SystemExit as exc:  # --help, --version, a wrong argument (already printed)
        return exc.code if isinstance(exc.code, int) else 2
    run = getattr(args, "run", None) or cmd_app
    if run is not cmd_app:
        gc.enable()  # a command's work makes garbage
    try:
        with bugs_logged():
            return run(args)
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # the reader of our output went away (relman export … | head): not an error
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except Exception as exc:
        words = in_words(exc)  # a user error, a database error a user can meet
        if words is not None:
            _error(_one_line(words))
            return 2
        log = log_unexpected(exc, argv)
        _error(f"unexpected error ({type(exc).__name__}: {_one_line(exc)[:200]}); "
               f"the details are in {log}", prefix="")
        return 1
    finally:
        try:
            from models.base.db import close_database

            close_database()
        except Exception:
            pass


def _error(message: str, prefix: str = "error: ") -> None:
    try:
        print(f"{PROG}: {prefix}{message}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
