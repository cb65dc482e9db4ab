"""`secret-hooks check-all` (hook `secret-hooks-all`): every commit-stage hook in one process.

Six hooks are six Python start-ups per commit; this runs the same six commands in-process, each
on the files pre-commit would give that hook (its `files`/`exclude`/`types`/`types_or`, matched
with `identify` as pre-commit matches them), and the whole-repository checks once.  Only the
checks that fail are shown, each under a line naming its hook id, as pre-commit shows only
failing hooks.  Exit: 2 if a check could not run as asked (or a file could not be read), else 1
if one found something, else 0; one check's failure never stops the others.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from dataclasses import dataclass
from typing import Sequence

from hooks.findings import say_errors
from hooks.findings import worst

HOOK_ID = 'secret-hooks-all'


@dataclass(frozen=True)
class SubHook:
    """One hook of .pre-commit-hooks.yaml, as pre-commit reads it (its defaults included)."""

    id: str
    command: tuple[str, ...]  # its `entry` after `secret-hooks`: the arguments of hooks.cli.main
    files: str = ''
    exclude: str = '^$'
    types: tuple[str, ...] = ('file',)
    types_or: tuple[str, ...] = ()
    pass_filenames: bool = True

    def wants(self, filename: str, tags: frozenset[str]) -> bool:
        """pre-commit's choice (pre_commit.commands.run.Classifier) of the files for this hook."""
        return (
            bool(re.search(self.files, filename)) and not re.search(self.exclude, filename)
            and tags >= set(self.types) and (not self.types_or or bool(tags & set(self.types_or)))
        )


# The commit-stage hooks of .pre-commit-hooks.yaml, in its order; tests/test_check_all.py holds
# this table to that file, field by field.
HOOKS = (
    SubHook('scan-secrets', ('scan', '--'), exclude=r'^baseline\.secrets$', types=('text',)),
    SubHook('check-secret-fallbacks', ('check-fallbacks', '--'),
            types_or=('python', 'shell', 'dockerfile', 'yaml')),
    SubHook('check-env-files', ('check-env-files', '--'),
            files=r'(^|/)(\.env(\.[^/]*)?|[^/]*\.env)$'),
    SubHook('check-baseline', ('baseline', 'check'), pass_filenames=False),
    SubHook('check-secret-rotation', ('check-rotation',), pass_filenames=False),
    SubHook('check-secret-logging', ('check-logging', '--'), types=('python',)),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('filenames', nargs='*', metavar='FILE',
                        help='files to check, as pre-commit passes them (directories: their '
                             'git-tracked files); with none, only the whole-repository checks '
                             '(check-baseline, check-secret-rotation) run')
    parser.add_argument('--all-files', action='store_true',
                        help='check every file git tracks (as `pre-commit run --all-files`)')


def tags_of(filename: str) -> frozenset[str]:
    """identify's tags, as pre-commit gives them; a file that cannot be opened to tell text
    from binary counts as text, so the scan reports it unreadable rather than skip it."""
    from identify import identify

    try:
        return frozenset(identify.tags_from_path(filename))
    except OSError:
        return frozenset({'file', 'text', *identify.tags_from_filename(filename)})


@dataclass
class Outcome:
    hook: str
    code: int
    out: str
    err: str


def run_captured(hook: str, argv: Sequence[str]) -> Outcome:
    """One command through hooks.cli.main, its output kept for the report."""
    from hooks.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as e:  # argparse; the commands themselves return their code
            code = e.code if isinstance(e.code, int) else 2
    return Outcome(hook, code, out.getvalue(), err.getvalue())


def _given_files(args: argparse.Namespace, errors: list[str]) -> list[str]:
    from hooks.files import normalize_path
    from hooks.files import repository_files

    if args.all_files:  # a tracked file deleted in the work tree is not checked (as pre-commit)
        return [f for f in repository_files() if os.path.lexists(f)]
    files: list[str] = []
    for name in args.filenames:
        if os.path.isdir(name):
            files.extend(f for f in repository_files(name) if os.path.lexists(f))
        elif os.path.lexists(name):
            files.append(normalize_path(name))
        else:
            from hooks.paths import quote_path

            errors.append(f'{quote_path(name)}: no such file')
    return files


def skipped() -> set[str]:
    """pre-commit's SKIP (comma-separated hook ids) also names the checks inside this hook."""
    return {s.strip() for s in os.environ.get('SKIP', '').split(',') if s.strip()}


def run_all(files: Sequence[str]) -> list[Outcome]:
    cache: dict[str, frozenset[str]] = {}

    def tags(filename: str) -> frozenset[str]:
        if filename not in cache:
            cache[filename] = tags_of(filename)
        return cache[filename]

    skip = skipped()
    outcomes = []
    for hook in HOOKS:
        if hook.id in skip:
            continue
        argv = list(hook.command)
        if hook.pass_filenames:
            chosen = [f for f in files if hook.wants(f, tags(f))]
            if not chosen:
                continue  # pre-commit: "(no files to check) Skipped"
            argv += chosen
        outcome = run_captured(hook.id, argv)
        outcomes.append(outcome)
        if outcome.code not in (0, 1, 2):  # interrupted (130): stop here
            break
    return outcomes


def run(args: argparse.Namespace, config: None = None) -> int:  # takes no configuration
    errors: list[str] = []
    files = _given_files(args, errors)
    outcomes = run_all(files)
    for n, outcome in enumerate(o for o in outcomes if o.code != 0):
        if n:
            print()
        print(f'- hook id: {outcome.hook}, exit code: {outcome.code}')
        sys.stdout.write(outcome.out)
        sys.stdout.flush()  # its errors after its findings, also where both streams are one
        sys.stderr.write(outcome.err)
        sys.stderr.flush()
    say_errors(errors)
    if not files and not args.filenames and not args.all_files and not os.environ.get('PRE_COMMIT'):
        print('secret-hooks: note: no files given: only the whole-repository checks ran '
              '(--all-files checks every tracked file)', file=sys.stderr)
    return worst([o.code for o in outcomes] + [2] * bool(errors))

