"""`secret-hooks check-env-files` (hook `check-env-files`): committed env files hold only
empty values, placeholders or references for secret-named keys."""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from hooks import isolation
from hooks.files import repository_files
from hooks import env_files
from hooks.findings import CheckFinding
from hooks.fallbacks import Policy
from hooks.fallbacks_command import iter_texts
from hooks.fallbacks_command import finish
from hooks.config import add_config_arguments
from hooks.config import Config

CONFIG_OPTIONS = ('env_files', 'forbid_dotenv', 'secret_name_patterns', 'extra_placeholders', 'exclude')

FIX = (
    'Fix: leave secret values empty or write a placeholder (changethis, ${OTHER}) in committed '
    'env files and keep real values in an uncommitted .env (listed in .gitignore) or a secret '
    'store; rotate any value that was ever pushed. A committed real env file: '
    'git rm --cached it, add it to .gitignore and commit a .env.example instead.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('filenames', nargs='*', metavar='FILE',
                        help='files to check; only env files among them are read '
                             '(default: every env file git tracks)')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def run(args: argparse.Namespace, config: Config) -> int:
    policy = Policy.from_config(config)
    errors: list[str] = []
    found: list[CheckFinding] = []
    files = args.filenames or repository_files()
    wanted = lambda name: env_files.is_env_file(name, config.env_files)  # noqa: E731
    for filename, text in iter_texts(files, config.exclude, errors, wanted):
        with isolation.per_file(filename, errors):
            found.extend(env_files.check_env_text(filename, text, policy, config.forbid_dotenv))
    return finish(found, errors, 'env-file problem', FIX)


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['check-env-files', *(sys.argv[1:] if argv is None else argv)])
