"""`secret-hooks scan` (hook `scan-secrets`): fail on findings the baseline does not allow.

It only reads the baseline: writing it is `secret-hooks baseline create|update`.
"""
from __future__ import annotations

import argparse
import os

from hooks.config import Config
from hooks.config import add_config_arguments
from hooks.errors import UsageError
from hooks.files import repository_files
from hooks.findings import finish

# (The baseline model and the scanner, with detect-secrets, are imported where they are used: a
# history scan starts git first, so that git runs while they load.)

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
    history = parser.add_argument_group('history', 'scan the lines commits added (not files)')
    history.add_argument('--history', action='store_true',
                         help='scan the history: every commit HEAD reaches, or those selected below')
    which = history.add_mutually_exclusive_group()
    which.add_argument('--since', metavar='REV', help='the commits after REV (REV..HEAD)')
    which.add_argument('--range', dest='range_', metavar='A..B', help='the commits of B that A lacks')
    which.add_argument('--all', dest='all_refs', action='store_true',
                       help='the commits of every branch and tag')
    which.add_argument('--pre-push', action='store_true',
                       help='the commits being pushed (hook: scan-secrets-push)')


def run(args: argparse.Namespace, config: Config) -> int:
    if (args.since or args.range_ or args.all_refs) and not args.history:
        raise UsageError('--since, --range and --all select commits for --history')
    if args.history or args.pre_push:
        return _run_history(args, config)
    from hooks.baseline import model as baseline_mod
    from hooks.scan import scanner as scan

    # A baseline named on the command line must exist; the default one may not exist yet.
    allowlist = (
        baseline_mod.load(config.baseline, missing_ok=args.baseline is None)
        if not args.no_baseline else None
    )
    salt = allowlist.fingerprint_salt if allowlist is not None else _salt_of(config.baseline)
    # A directory means the files git tracks in it (every file outside a work tree).
    files = [
        f for name in (args.filenames or ['.'])
        for f in (repository_files(name) if os.path.isdir(name) else [name])
    ]
    with scan.Scanner(config, salt) as scanner:
        result = scanner.scan_files(files)
    from hooks import report  # (here: the history scan has its own)

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
    return finish(bool(findings), result.errors)


def _salt_of(baseline: str) -> str:
    """The baseline's fingerprint salt even with --no-baseline, so that fingerprints are the
    same with or without it ('' when it has none or cannot be read: the repository's)."""
    from hooks.baseline import model as baseline_mod

    try:
        return baseline_mod.load(baseline).fingerprint_salt
    except UsageError:
        return ''


def _run_history(args: argparse.Namespace, config: Config) -> int:
    from hooks.scan import gitlog

    if args.filenames:
        raise UsageError('--history reads commits, not files: drop the paths '
                         '(select commits with --since, --range or --all)')
    revs = (gitlog.push_revisions() if args.pre_push
            else gitlog.revisions(args.since, args.range_, args.all_refs))
    log = gitlog.start(revs)  # git runs (its output read ahead) while what follows loads
    try:
        from hooks.baseline import model as baseline_mod
        from hooks.scan import history
        from hooks.scan import history_report
        from hooks.scan import scanner as scan

        if args.no_baseline:
            allowed: set[tuple[str, str]] = set()
            salt = _salt_of(config.baseline)
        else:
            baseline = baseline_mod.load(config.baseline)
            allowed, salt = baseline.allowed_values(), baseline.fingerprint_salt
        if log is None:
            result = history.HistoryResult(findings=[], errors=[])
        else:
            with scan.Scanner(config, salt) as scanner:
                result = history.scan_history(revs, scanner, log=log)
    finally:
        if log is not None:
            log.stop()
    findings = [h for h in result.findings if h.secret_key not in allowed]

    if args.format == 'json':
        print(history_report.format_json(findings, result.errors, result.commits))
    elif args.format == 'sarif':
        from hooks import __version__

        print(history_report.format_sarif(findings, __version__, *gitlog.provenance()))
    else:
        for line in history_report.format_text(findings):
            print(line)
        if findings:
            print()
            for line in history_report.summary(findings, result.commits, config.baseline, args.pre_push):
                print(line)
    return finish(bool(findings), result.errors)

