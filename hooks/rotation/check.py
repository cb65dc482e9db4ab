"""`secret-hooks check-rotation` (hook `check-secret-rotation`): the secrets inventory.

Fails (exit 1) on an overdue rotation, on a secret-named variable in use but not inventoried,
and on a dual-window secret whose previous-values variable is missing from an env file.  Warns
(exit 0) `rotation-warn-days` before a rotation is due.  With no inventory and no secret-named
variable in use it passes with a note; with secrets in use but no inventory it fails, saying how
to start one.  Test code (tests/, test_*.py, conftest.py) is skipped unless --include-tests.
"""
from __future__ import annotations

import argparse
import datetime
import sys
from typing import Sequence

from hooks.files import repository_files
from hooks.rotation import inventory as rotation
from hooks.config import add_config_arguments
from hooks.config import Config
from hooks.rules import SecretNames

CONFIG_OPTIONS = ('inventory', 'rotation_warn_days', 'secret_name_patterns', 'env_files', 'exclude')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # pre-commit passes no file names (pass_filenames: false); accepted and ignored otherwise:
    # the check is about the whole repository.
    parser.add_argument('filenames', nargs='*', metavar='FILE', help=argparse.SUPPRESS)
    parser.add_argument('--include-tests', action='store_true',
                        help='also count variables used by test code (skipped by default)')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def _names_any(names: list[str], text: str) -> bool:
    if not names:
        return False
    upper = text.upper()
    return any(name in upper for name in names)


def run(args: argparse.Namespace, config: Config) -> int:
    today = datetime.date.today()
    inventory = rotation.load_inventory(config.inventory, today)
    names = SecretNames(config.secret_name_patterns)
    inventoried = [n.upper() for n in (inventory.covered_names() if inventory else ())]
    # Every commit reads the whole repository: a file that names no secret and no inventoried
    # variable cannot change the result, so it is not parsed.
    unreadable: list[str] = []
    files = (
        (path, text) for path, text in rotation.repository_texts(
            repository_files(), config.exclude, args.include_tests, config.env_files, unreadable)
        if names.may_occur_in(text) or _names_any(inventoried, text)
    )
    result = rotation.check(
        inventory, config.inventory, files, today, config.rotation_warn_days,
        names, config.env_files,
    )
    errors = unreadable + result.errors
    for message in result.problems:
        print(message)
    for message in result.warnings:
        print(f'{message.path}:{message.line}: {message.setting}: warning: {message.why}')
    for note in result.notes:
        print(f'secret-hooks: {note}')
    if result.problems:
        print(f'\n{len(result.problems)} rotation problem(s). The inventory format: '
              f'{rotation.FORMAT_DOC}; rotation and rollback: the same runbook.')
    for error in errors:  # files not read: their variables were not counted
        print(f'secret-hooks: error: {error}', file=sys.stderr)
    if errors:
        return 2
    return 1 if result.problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['check-rotation', *(sys.argv[1:] if argv is None else argv)])
