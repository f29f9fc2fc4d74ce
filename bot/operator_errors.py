"""What an operator sees when something is wrong: one or two lines naming the variable, file or
cause, and a non-zero exit — never a traceback, never the bot token or a database password."""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from collections.abc import Callable

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from bot.config import ConfigError
from bot.kb.loader import KnowledgeBaseError
from bot.units import UnitsError


class OperatorError(Exception):
    """A problem the operator must fix; `str()` is the message to print."""


def masked(url: str) -> str:
    """A database URL with its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unreadable URL>"


def database_problem(exc: BaseException, url: str) -> OperatorError:
    """Why the database at `url` cannot be used, as one line naming DATABASE_URL."""
    where = masked(url)
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return OperatorError(f"DATABASE_URL: cannot create the SQLite file {where}: a part of its folder is a file")
    if isinstance(exc, PermissionError):
        return OperatorError(f"DATABASE_URL: no permission to create or write {where}")
    if isinstance(exc, ValueError):
        return OperatorError(f"DATABASE_URL: {exc}")
    reason = _reason(exc)
    return OperatorError(f"DATABASE_URL: cannot use the database {where}: {reason}")


def _reason(exc: BaseException) -> str:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return "the host name is not known"
        if isinstance(seen, ConnectionRefusedError) or getattr(seen, "errno", None) == errno.ECONNREFUSED:
            return "connection refused (is the server running, and on this host and port?)"
        if isinstance(seen, TimeoutError):
            return "the server did not answer in time"
        seen = seen.__cause__ or seen.__context__
    text = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return first[:300]


def guard(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a subcommand; operator errors print as messages with a non-zero exit code."""

    def run(args: argparse.Namespace) -> int:
        try:
            return int(command(args))
        except OperatorError as exc:
            print(exc, file=sys.stderr)
            return 1
        except UnitsError as exc:
            print("Roster error:\n" + "\n".join(exc.problems), file=sys.stderr)
            return 1
        except KnowledgeBaseError as exc:
            print(f"Knowledge base error:\n{exc}", file=sys.stderr)
            return 1
        except ConfigError as exc:
            print(f"Invalid configuration:\n{exc}", file=sys.stderr)
            return 2
        except SQLAlchemyError as exc:  # the database went away in the middle of a command
            print(database_problem(exc, _configured_url()), file=sys.stderr)
            return 1

    return run


def _configured_url() -> str:
    from bot.config import load_settings

    try:
        return load_settings().database_url
    except ConfigError:
        return "?"
