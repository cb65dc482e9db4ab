"""`secret-hooks check-logging` (hook `check-secret-logging`): secret-bearing values that reach a
log, the terminal or an exception message, in Python files.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from hooks import secret_logging
from hooks.fallbacks_command import check_python_files
from hooks.config import Config
from hooks.config import add_config_arguments

CONFIG_OPTIONS = ('secret_name_patterns', 'exclude')

FIX = (
    'Fix: log that the value exists, not the value: its length, a hash or a masked form '
    '(hooks.logs.mask), or a key id; log settings field by field; never put a secret in an '
    'exception message. Install hooks.logs.RedactingFilter as a safety net at run time. A false '
    'positive can be marked `# pragma: allowlist secret` on its line.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('filenames', nargs='*', metavar='FILE',
                        help='Python files to check (default: every Python file git tracks)')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def run(args: argparse.Namespace, config: Config) -> int:
    return check_python_files(args, config, secret_logging.check_text, 'logged secret', FIX)


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['check-logging', *(sys.argv[1:] if argv is None else argv)])
