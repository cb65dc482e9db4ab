"""One file's failure stays that file's: an unexpected exception while reading or checking one
file becomes one line `path: internal error (<type>)`, and the command goes on with the others
(it exits 2 at the end).

With SECRET_HOOKS_DEBUG=1 the traceback is printed too, redacted: the frames (file, line,
function and our source line), and for each exception only its type. Messages are withheld,
they can quote the file being read (a SyntaxError quotes its line, a KeyError its key), and
locals are never printed.
"""
from __future__ import annotations

import contextlib
import os
import sys
import traceback
from typing import Iterator

DEBUG_VARIABLE = 'SECRET_HOOKS_DEBUG'


def debug() -> bool:
    return bool(os.environ.get(DEBUG_VARIABLE))


def redacted_traceback(error: BaseException) -> list[str]:
    """The traceback of `error` (and of the exceptions it chains), without any message."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    out: list[str] = []
    for exc in reversed(chain):
        if out:
            out.append('which led to:')
        out.append('Traceback (most recent call last):')
        for frame in traceback.extract_tb(exc.__traceback__):
            out.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                out.append(f'    {frame.line}')
        out.append(f'{type(exc).__module__}.{type(exc).__qualname__}: (message withheld: it may quote the file)')
    return out


def internal_error(filename: str, error: BaseException) -> str:
    """The one-line error for `filename`; with SECRET_HOOKS_DEBUG set, also prints the redacted
    traceback to stderr."""
    from hooks.paths import quote_path  # a newline in a file name stays on one line

    if debug():
        print(f'secret-hooks: {quote_path(filename)}: traceback (redacted):', file=sys.stderr)
        for line in redacted_traceback(error):
            print(line, file=sys.stderr)
    return f'{quote_path(filename)}: internal error ({type(error).__name__})'


@contextlib.contextmanager
def per_file(filename: str, errors: list[str]) -> Iterator[None]:
    """Run a block for one file: an unexpected exception is added to `errors` as its one line
    instead of ending the run.  Interrupts and a closed stdout still end it."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit, BrokenPipeError):
        raise
    except Exception as e:
        errors.append(internal_error(filename, e))
