"""What every check (fallbacks, env files, logging, rotation) reports, and how.

One located finding type (`CheckFinding`: `path:line: setting: why`), the allowlist pragma that
silences one, the per-file loop of the checks that read files one by one, and the one
report-and-exit step: findings on stdout, then a summary line and the fix; errors on stderr;
exit 2 when a file could not be read, else 1 on findings, else 0.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from typing import Callable
from typing import Iterable
from typing import Sequence

# `# pragma: allowlist secret` (detect-secrets' marker) on a line silences the checks there too.
ALLOWLIST_PRAGMA_RE = re.compile(r'pragma:\s{0,5}allowlist[ \-]secret', re.IGNORECASE)


@dataclass(frozen=True, order=True)
class CheckFinding:
    """One problem, located; it names the setting and why, never the value.  A warning is
    shown but does not fail the check."""

    path: str
    line: int
    setting: str
    why: str
    warning: bool = False

    def format(self) -> str:
        from hooks.paths import quote_path  # a newline in a file name stays on one line

        level = 'warning: ' if self.warning else ''
        return f'{quote_path(self.path)}:{self.line}: {self.setting}: {level}{self.why}'

    __str__ = format


def without_allowlisted(found: Iterable[CheckFinding], text: str) -> list[CheckFinding]:
    """Drop findings on a line marked `# pragma: allowlist secret`; dedupe; sort."""
    lines = text.splitlines()
    kept = {
        f for f in found
        if not (0 < f.line <= len(lines) and ALLOWLIST_PRAGMA_RE.search(lines[f.line - 1]))
    }
    return sorted(kept)


def check_files(
    paths: Iterable[str],
    check: Callable[[str, str], Iterable[CheckFinding]],
    exclude: Sequence[str] = (),
    wanted: Callable[[str], bool] = lambda _: True,
) -> tuple[list[CheckFinding], list[str]]:
    """(findings, errors) of `check(filename, text)` run on each file (see files.iter_texts):
    a file that cannot be read or parsed, or fails unexpectedly, is its own error line and the
    others are still checked."""
    from hooks import isolation
    from hooks.files import iter_texts
    from hooks.pysource import PythonSyntaxError

    errors: list[str] = []
    found: list[CheckFinding] = []
    for filename, text in iter_texts(paths, errors, exclude, wanted):
        with isolation.per_file(filename, errors):
            try:
                found.extend(check(filename, text))
            except PythonSyntaxError as e:
                errors.append(e.report(filename))
    return found, errors


def add_file_arguments(parser: argparse.ArgumentParser, help_text: str, config_options: Sequence[str]) -> None:
    """The arguments of a check that reads files: the files (pre-commit passes the staged
    ones; none means every file git tracks) and the config options it takes."""
    from hooks.config import add_config_arguments

    parser.add_argument('filenames', nargs='*', metavar='FILE', help=help_text)
    add_config_arguments(parser, *config_options)


def run_check(
    args: argparse.Namespace,
    exclude: Sequence[str],
    check: Callable[[str, str], Iterable[CheckFinding]],
    what: str,
    fix: str,
    wanted: Callable[[str], bool] = lambda _: True,
) -> int:
    """A check command: `check` on each file named (or every tracked one), then the report."""
    from hooks.files import repository_files

    found, errors = check_files(args.filenames or repository_files(), check, exclude, wanted)
    return report(found, errors, what, fix)


def exit_code(failed: bool, errors: Sequence[str] | bool) -> int:
    """The one exit-code decision of every command: 2 when something could not be read (its
    findings are unknown), else 1 on findings that fail the check, else 0."""
    if errors:
        return 2
    return 1 if failed else 0


def say_errors(errors: Iterable[str]) -> None:
    """Each error on stderr, one line each: `secret-hooks: error: <path>: <reason>`."""
    for error in errors:
        print(f'secret-hooks: error: {error}', file=sys.stderr)


def finish(failed: bool, errors: Sequence[str]) -> int:
    """Each error on stderr, then the exit code."""
    say_errors(errors)
    return exit_code(failed, errors)


def worst(codes: Sequence[int]) -> int:
    """The exit code of several commands run as one: an interruption (130) first, then the
    decision above over theirs (any 2, else any 1, else 0)."""
    for code in codes:
        if code not in (0, 1, 2):
            return code
    return exit_code(1 in codes, 2 in codes)


def report(
    found: Iterable[CheckFinding],
    errors: Sequence[str],
    what: str,
    fix: str,
    notes: Sequence[str] = (),
    summary: Callable[[Sequence[CheckFinding]], str] | None = None,
) -> int:
    """Print the report of a check and return its exit code.

    stdout: the problems sorted by path and line, then the warnings, then the notes
    (`secret-hooks: note`); when there are problems, a blank line, the summary (by default
    `N <what>s in M files.`) and the fix.  stderr: one `secret-hooks: error: ...` line per
    file not read.
    """
    everything = sorted(found)
    problems = [f for f in everything if not f.warning]
    for finding in problems + [f for f in everything if f.warning]:
        print(finding.format())
    for note in notes:
        print(f'secret-hooks: {note}')
    if problems:
        print()
        print(summary(problems) if summary else _count(problems, what))
        if fix:
            print(fix)
    return finish(bool(problems), errors)


def _count(problems: Sequence[CheckFinding], what: str) -> str:
    files = len({f.path for f in problems})
    n = len(problems)
    return f'{n} {what}{"s" if n != 1 else ""} in {files} file{"s" if files != 1 else ""}.'
