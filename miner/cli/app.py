"""The Typer app and the options and helpers every command shares."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from miner.errors import MinerError

app = typer.Typer(
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


def fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def run(func: Callable[[], T]) -> T:
    """Call a library function; a MinerError or OSError becomes one readable line (trace with --debug)."""
    try:
        return func()
    except (MinerError, OSError, ValueError) as exc:
        if _debug:
            raise
        fail(str(exc))
    except KeyboardInterrupt:
        console.print("interrupted; work committed so far is kept, run the same command again to go on")
        raise typer.Exit(130) from None


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
