"""`secret-hooks baseline create`: the allowlist of findings that are accepted as they are."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from hooks import baseline as baseline_mod
from hooks import scan
from hooks.config import add_config_arguments
from hooks.config import config_from_args
from hooks.errors import UsageError

CONFIG_OPTIONS = (
    'baseline', 'b2b_prefixes', 'legacy_key_patterns', 'strict', 'extra_placeholders',
    'exclude', 'report_known_samples',
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest='action', metavar='ACTION')
    sub.required = True
    create = sub.add_parser('create', help='scan every tracked file and write a new baseline')
    create.add_argument('--force', action='store_true', help='replace an existing baseline')
    add_config_arguments(create, *CONFIG_OPTIONS)


def create(args: argparse.Namespace) -> int:
    config = config_from_args(args, CONFIG_OPTIONS)
    if os.path.exists(config.baseline) and not args.force:
        raise UsageError(f'{config.baseline} exists: use --force to replace it')
    result = scan.scan_files(scan.repository_files(), config)
    for error in result.errors:
        print(f'secret-hooks: error: {error}', file=sys.stderr)
    if result.errors:
        return 2
    settings = scan.configure(config)
    new = baseline_mod.from_findings(config.baseline, result.findings, settings)
    baseline_mod.write(new)
    print(f'{config.baseline}: {len(new.entries)} entries from {result.scanned} files')
    return 0


def run(args: argparse.Namespace) -> int:
    return {'create': create}[args.action](args)


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['baseline', *(sys.argv[1:] if argv is None else argv)])
