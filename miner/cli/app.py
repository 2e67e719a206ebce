"""The Typer app and the options and helpers every command shares."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from miner.errors import MinerError


def coded_message(exc: BaseException) -> str:
    """One sentence with a code for any failure: a MinerError says its own; others get the nearest code."""
    if isinstance(exc, MinerError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        reason = str(exc)
        if "readonly" in reason or "read-only" in reason:
            return f"[S003] the database is read-only: miner needs to write to it ({reason})"
        return f"[S001] the database could not be used: {reason}"
    if isinstance(exc, OSError):
        return f"[A001] {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    if isinstance(exc, ValueError):
        return f"[M004] {exc}"
    return (f"[M000] unexpected {type(exc).__name__}: {exc} "
            "(run the command again with --debug for the traceback)")


class MinerGroup(TyperGroup):
    """The command group: whatever a command raises becomes one coded sentence (a traceback only with
    --debug); Typer's own usage errors, exits and Ctrl-C keep their behaviour."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            console.print("interrupted; work committed so far is kept, run the same command again to go on")
            raise typer.Exit(130) from None
        except Exception as exc:
            if _debug or type(exc).__module__.startswith(("typer", "click")):  # Exit, usage errors, --help
                raise
            fail(coded_message(exc))


app = typer.Typer(
    cls=MinerGroup,
    name="miner",
    help="Mine Chinese education groups' work plans and summaries into tables, "
    "and compare what was planned with what was reported.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

console = Console(stderr=True)  # progress, messages and errors
out = Console()  # results a user may pipe


def _print_version(value: bool) -> None:
    if value:
        from miner import __version__

        out.print(f"miner {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", help="Print miner's version and exit.", is_eager=True, callback=_print_version)] = False,
) -> None:
    """The command group itself: its one option is --version (the help text is the app's)."""

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.", envvar="MINER_DB")]
DEFAULT_DB = Path("miner.db")
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="A settings TOML that overrides the shipped defaults.")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show full tracebacks and debug logs.")]
EngineOption = Annotated[str | None, typer.Option(help="Where documents are processed: local or dask.")]
SchedulerOption = Annotated[str | None, typer.Option(
    help="Address of a running Dask scheduler (tcp://host:8786); none: a local Dask cluster.")]

T = TypeVar("T")
_debug = False


def setup(debug: bool) -> None:
    """Configure logging for a command run (only the CLI configures logging)."""
    global _debug
    _debug = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


# C0 and C1 control characters (ESC starts terminal sequences) and bidirectional overrides
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: object) -> str:
    """Untrusted text (a file name, title, URL, error message) made inert for the terminal:
    control characters become ?, and Rich markup is escaped (`[/red]` in a name is text)."""
    return escape(_CONTROL.sub("?", str(text)))


def fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {safe(message)}", highlight=False)
    raise typer.Exit(code)


def run(func: Callable[[], T]) -> T:
    """Call a library function; any failure becomes one coded line (the traceback with --debug)."""
    try:
        return func()
    except KeyboardInterrupt:
        console.print("interrupted; work committed so far is kept, run the same command again to go on")
        raise typer.Exit(130) from None
    except Exception as exc:
        if _debug:
            raise
        fail(coded_message(exc))


def open_db(db: Path, *, must_exist: bool = True) -> Any:
    """The store at --db as a context manager; a missing (when it must exist), junk or unusable
    database is one coded line (S002, S003, S004)."""
    from miner.store import open_store

    if must_exist and not db.exists():
        fail(f"[S004] no database at {db}; run `miner ingest` first or pass --db")
    return run(lambda: open_store(db))


def exit_code(n_failed: int, n_total: int) -> int:
    """0 when nothing failed, 1 when some inputs failed, 2 when all did."""
    if n_failed == 0:
        return 0
    return 2 if n_failed >= n_total else 1


def main() -> None:
    """Console-script entry point: register every command module, then run the app."""
    from miner.cli import COMMANDS  # noqa: F401  (importing registers the commands)

    app(prog_name="miner")


if __name__ == "__main__":  # pragma: no cover
    main()
