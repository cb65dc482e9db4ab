"""`secret-hooks scan` (hook `scan-secrets`): fail on findings the baseline does not allow.

It only reads the baseline: writing it is `secret-hooks baseline create|update`.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from hooks import baseline as baseline_mod
from hooks import report
from hooks import scan
from hooks.config import add_config_arguments
from hooks.config import config_from_args
from hooks.errors import UsageError

CONFIG_OPTIONS = (
    'baseline', 'b2b_prefixes', 'legacy_key_patterns', 'strict', 'extra_placeholders',
    'exclude', 'report_known_samples',
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('filenames', nargs='*', metavar='PATH',
                        help='files, or directories (their git-tracked files), to scan '
                             '(default: every file git tracks)')
    parser.add_argument('--format', choices=('text', 'json', 'sarif'), default='text',
                        help='output format (default: text)')
    parser.add_argument('--no-baseline', action='store_true',
                        help='report every finding, ignoring the baseline')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args, CONFIG_OPTIONS)
    allowlist = baseline_mod.load(config.baseline) if not args.no_baseline else None
    if allowlist is None:
        try:  # still its salt, so fingerprints are the same with or without --no-baseline
            baseline_mod.load(config.baseline)
        except UsageError:
            pass
    # A directory means the files git tracks in it (every file outside a work tree).
    files = [
        f for name in (args.filenames or ['.'])
        for f in (scan.repository_files(name) if os.path.isdir(name) else [name])
    ]
    result = scan.scan_files(files, config)
    findings = [f for f in result.findings if allowlist is None or not allowlist.allows(f.key)]
    if allowlist is not None and findings:
        # A file moved with `git mv`: its entries name the old path, which is gone.  The same
        # secret (type and hash) stays allowed; check-baseline reports the move for `update`.
        moved = allowlist.moved_keys()
        findings = [f for f in findings if (f.type, f.hashed_secret) not in moved]

    if args.format == 'json':
        print(report.format_json(findings, result.errors))
    elif args.format == 'sarif':
        from hooks import __version__

        print(report.format_sarif(findings, __version__))
    else:
        for line in report.format_text(findings):
            print(line)
        if findings:
            print()
            exists = allowlist is None or allowlist.exists
            # pre-commit sets PRE_COMMIT=1 for its hooks: advise the manual-stage hook there.
            for line in report.summary(findings, config.baseline, exists,
                                       under_pre_commit=bool(os.environ.get('PRE_COMMIT'))):
                print(line)
    for error in result.errors:
        print(f'secret-hooks: error: {error}', file=sys.stderr)
    if result.errors:
        return 2
    return 1 if findings else 0


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['scan', *(sys.argv[1:] if argv is None else argv)])
