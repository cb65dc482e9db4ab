"""`secret-hooks check-fallbacks` (hook `check-secret-fallbacks`): secret settings with a
hard-coded fallback or default value, in Python, Compose/YAML, Dockerfiles and shell scripts.
"""
from __future__ import annotations

import argparse
import os
import re
import stat
import sys
from typing import Callable
from typing import Iterable
from typing import Iterator
from typing import Sequence

from hooks import isolation
from hooks.files import normalize_path
from hooks.files import read_text
from hooks.files import repository_files
from hooks import fallbacks
from hooks.findings import CheckFinding
from hooks.config import add_config_arguments
from hooks.config import Config

CONFIG_OPTIONS = ('secret_name_patterns', 'extra_placeholders', 'allow_empty_fallback', 'exclude')

FIX = (
    'Fix: read each secret from the environment with no default, so a missing value stops the '
    'app at start-up (os.environ["NAME"], a pydantic field without a default, ${NAME:?set NAME} '
    'in Compose); keep development values in an uncommitted .env. A placeholder (changethis) or '
    'a value made at run time (secrets.token_urlsafe) is accepted; a false positive can be '
    'marked `# pragma: allowlist secret` on its line.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('filenames', nargs='*', metavar='FILE',
                        help='files to check (default: every file git tracks)')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def iter_texts(
        paths: Sequence[str], exclude: Sequence[str], errors: list[str],
        wanted: Callable[[str], bool] = lambda _: True,
) -> Iterator[tuple[str, str]]:
    """(repo-relative name, text) of each regular, non-binary, non-excluded file wanted.
    Unreadable files are added to `errors` as one line each."""
    excluded = [re.compile(p) for p in exclude]
    for path in paths:
        filename = normalize_path(path)
        if not wanted(filename) or any(p.search(filename) for p in excluded):
            continue
        text = None
        with isolation.per_file(filename, errors):
            try:
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
                    continue  # links may point outside the repository; pre-commit skips them too
                text = read_text(path)
            except OSError as e:
                errors.append(f'{filename}: cannot read: {e.strerror}')
                continue
        if text is not None:
            yield filename, text


def print_report(found: Sequence[CheckFinding], what: str, fix: str) -> None:
    """Findings sorted by path and line, then one summary line and the fix (stdout)."""
    found = sorted(found)
    for finding in found:
        print(finding.format())
    if found:
        files = len({f.path for f in found})
        n = len(found)
        print()
        print(f'{n} {what}{"s" if n != 1 else ""} in {files} file{"s" if files != 1 else ""}.')
        print(fix)


def finish(found: Sequence[CheckFinding], errors: Sequence[str], what: str, fix: str) -> int:
    """Print the report and the errors; the exit code: 2 when a file could not be read,
    else 1 on findings, else 0."""
    print_report(found, what, fix)
    for error in errors:
        print(f'secret-hooks: error: {error}', file=sys.stderr)
    if errors:
        return 2
    return 1 if found else 0


def check_python_files(
    args: argparse.Namespace,
    config: Config,
    check: Callable[[str, str, fallbacks.Policy], Iterable[CheckFinding]],
    what: str,
    fix: str,
    skip: Callable[[str, fallbacks.Policy], bool] = lambda text, policy: False,
) -> int:
    """One loop for the ast checks: each file read, checked alone (a file that fails or cannot
    be parsed is its own error line, the others are still checked), then one report."""
    policy = fallbacks.Policy.from_config(config)
    errors: list[str] = []
    found: list[CheckFinding] = []
    files = args.filenames or repository_files()
    for filename, text in iter_texts(files, config.exclude, errors):
        if skip(text, policy):
            continue
        with isolation.per_file(filename, errors):
            try:
                found.extend(check(filename, text, policy))
            except fallbacks.PythonSyntaxError as e:
                errors.append(e.report(filename))
    return finish(found, errors, what, fix)


def run(args: argparse.Namespace, config: Config) -> int:
    # No secret-named setting in a file, so no fallback to find: it is not even parsed.
    return check_python_files(
        args, config, fallbacks.check_text, 'hard-coded secret fallback', FIX,
        skip=lambda text, policy: not policy.names.may_occur_in(text),
    )


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['check-fallbacks', *(sys.argv[1:] if argv is None else argv)])
