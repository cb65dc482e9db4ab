"""`secret-hooks baseline create|update|check|merge|audit`: the allowlist's lifecycle.

`check` is the `check-baseline` hook: drift between baseline.secrets and the repository.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from typing import Sequence

from hooks import baseline as baseline_mod
from hooks import scan
from hooks.config import add_config_arguments
from hooks.atomic import write_atomic
from hooks.config import Config
from hooks.config import config_from_args
from hooks.errors import UsageError

CONFIG_OPTIONS = (
    'baseline', 'b2b_prefixes', 'legacy_key_patterns', 'strict', 'extra_placeholders',
    'exclude', 'report_known_samples',
)
UPDATE = 'secret-hooks baseline update'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest='action', metavar='ACTION')
    sub.required = True
    create = sub.add_parser('create', help='scan every tracked file and write a new baseline')
    create.add_argument('--force', action='store_true', help='replace an existing baseline')
    update = sub.add_parser(
        'update', help='rescan: keep the audit of entries that still match, add new findings, '
                       'drop entries whose secret is gone (no write when nothing changed)')
    check = sub.add_parser('check', help='fail on baseline drift (hook: check-baseline)')
    check.add_argument('filenames', nargs='*', help=argparse.SUPPRESS)  # pre-commit may pass some
    add_config_arguments(check, 'require_audit')
    merge = sub.add_parser(
        'merge', help='git merge driver: three-way merge of baseline entries',
        description='Use as a git merge driver: secret-hooks baseline merge %%O %%A %%B. '
                    'Writes the result to OURS; exits 1 on a conflict left for a person.')
    merge.add_argument('base', metavar='BASE')
    merge.add_argument('ours', metavar='OURS')
    merge.add_argument('theirs', metavar='THEIRS')
    audit = sub.add_parser(
        'audit',
        help="detect-secrets' audit with our plugins loaded (label entries real / false positive); "
             '--report and --stats print redacted values only')
    audit.add_argument('files', nargs='*', metavar='BASELINE',
                       help='the baseline(s) to audit (default: the configured baseline; two with --diff)')
    mode = audit.add_mutually_exclusive_group()
    mode.add_argument('--report', action='store_true', help='findings and their labels, values redacted')
    mode.add_argument('--stats', action='store_true', help='labelling statistics per plugin')
    mode.add_argument('--diff', action='store_true', help='compare two baselines (interactive)')
    only = audit.add_mutually_exclusive_group()
    only.add_argument('--only-real', action='store_true', help='--report: real secrets only')
    only.add_argument('--only-false', action='store_true', help='--report: false positives only')
    audit.add_argument('--json', action='store_true', help='--stats: machine-readable output')
    ack = sub.add_parser(
        'acknowledge',
        help='record secrets found in the history as already rotated: never reported again',
        description='Acknowledge secrets that `secret-hooks scan --history` reports (by their '
                    'fingerprints) as rotated. Recorded in the baseline under "acknowledged".')
    ack.add_argument('fingerprints', nargs='+', metavar='FINGERPRINT')
    ack.add_argument('--reason', required=True, help='why it is safe, e.g. "rotated on 2026-10-01"')
    which = ack.add_mutually_exclusive_group()
    which.add_argument('--since', metavar='REV', help='look for them in the commits after REV')
    which.add_argument('--range', dest='range_', metavar='A..B', help='look for them in A..B')
    which.add_argument('--all', dest='all_refs', action='store_true',
                       help='look for them in every branch and tag (default: what HEAD reaches)')
    add_config_arguments(ack, *CONFIG_OPTIONS)
    for p in (create, update, check, audit):
        if p is not audit:
            add_config_arguments(p, *CONFIG_OPTIONS)


def _scan_repository(config: Config) -> scan.ScanResult:
    result = scan.scan_files(scan.repository_files(), config)
    for error in result.errors:
        print(f'secret-hooks: error: {error}', file=sys.stderr)
    return result


def create(args: argparse.Namespace) -> int:
    config = config_from_args(args, CONFIG_OPTIONS)
    if os.path.exists(config.baseline) and not args.force:
        raise UsageError(f'{config.baseline} exists: run `{UPDATE}` (keeps audits), '
                         'or `create --force` to replace it')
    result = _scan_repository(config)
    if result.errors:
        return 2
    new = baseline_mod.from_findings(config.baseline, result.findings, scan.configure(config))
    baseline_mod.write(new)
    print(f'{config.baseline}: written, {len(new.entries)} entries from {result.scanned} files')
    return 0


def update(args: argparse.Namespace) -> int:
    config = config_from_args(args, CONFIG_OPTIONS)
    old = baseline_mod.load(config.baseline)  # a broken baseline stops here (exit 2), untouched
    result = _scan_repository(config)
    if result.errors:
        return 2
    new = baseline_mod.update(old, result.findings, scan.configure(config))
    if not baseline_mod.write(new, previous=old):
        print(f'{config.baseline}: up to date, not rewritten')
        return 0
    before, after = old.keys(), new.keys()
    print(f'{config.baseline}: updated: {len(after - before)} added (unaudited), '
          f'{len(before - after)} removed, {len(after)} entries')
    return 0


def check(args: argparse.Namespace) -> int:
    config = config_from_args(args, (*CONFIG_OPTIONS, 'require_audit'))
    b = baseline_mod.load(config.baseline)
    if not b.exists:
        return 0
    problems: list[baseline_mod.Problem] = []
    for path in baseline_mod.untrusted_code_paths(b):
        problems.append(baseline_mod.Problem('', 0, f'refers to code outside secret-hooks and '
                                                    f'detect-secrets ({path}): never loaded; run `{UPDATE}`'))
    current = scan.configure(config)
    for diff in baseline_mod.settings_diff(b.settings(), current):
        problems.append(baseline_mod.Problem(
            '', 0, f'{diff} (recorded settings differ from the current configuration; run `{UPDATE}`)'))

    tracked = set(scan.repository_files())
    by_file: dict[str, list[baseline_mod.Entry]] = defaultdict(list)
    for e in b.entries:
        by_file[e.filename].append(e)
    scannable = []
    for filename, entries in sorted(by_file.items()):
        reason = ''
        if not os.path.isfile(filename):
            reason = f'stale: {filename} no longer exists; run `{UPDATE}`'
        elif filename not in tracked:
            reason = f'{filename} is not tracked by git; run `{UPDATE}`'
        elif scan.is_excluded(filename):
            reason = f'{filename} is excluded from scanning; run `{UPDATE}`'
        else:
            scannable.append(filename)
        for e in entries:
            if reason:
                problems.append(baseline_mod.Problem(filename, e.line_number, reason))
    found = {f.key for f in scan.scan_files(scannable, config).findings}
    for e in b.entries:
        if e.filename in scannable and e.key not in found:
            problems.append(baseline_mod.Problem(
                e.filename, e.line_number,
                f'stale: this {e.type} is no longer in the file; run `{UPDATE}`'))
        if e.is_secret:
            problems.append(baseline_mod.Problem(
                e.filename, e.line_number,
                f'audited as a real secret ({e.type}): remove it from the file and rotate it, '
                f'then run `{UPDATE}`'))
        elif e.is_secret is None and config.require_audit:
            problems.append(baseline_mod.Problem(
                e.filename, e.line_number,
                f'unaudited {e.type}: label it with `secret-hooks baseline audit {config.baseline}`'))

    problems.sort(key=lambda p: (p.filename, p.line_number, p.message))
    for p in problems:
        print(p.format(config.baseline))
    if problems:
        print(f'{len(problems)} baseline problem{"s" if len(problems) != 1 else ""} in {config.baseline}.')
        return 1
    return 0


def _load_side(path: str, label: str) -> baseline_mod.Baseline:
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8')
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f'{label} {path}: cannot read: {getattr(e, "strerror", None) or e}') from None
    if not text.strip():  # the file did not exist on that side
        return baseline_mod.Baseline(path=path, exists=False)
    return baseline_mod.parse(text, path)


def merge(args: argparse.Namespace) -> int:
    base = _load_side(args.base, 'base')
    ours = _load_side(args.ours, 'ours')
    theirs = _load_side(args.theirs, 'theirs')
    merged, conflicts = baseline_mod.merge3(base, ours, theirs)
    merged.path = args.ours
    scan.set_fingerprint_salt(merged.fingerprint_salt or None)
    text = baseline_mod.serialize_with_conflicts(merged, conflicts)
    write_atomic(args.ours, text.encode('utf-8'))
    for c in conflicts:
        e = c.entry
        print(f'baseline merge: conflict: {e.filename}: {e.type} [{scan.fingerprint_of(e.hashed_secret)}]: '
              'audited differently on each side; edit the file to keep one, then '
              f'`{UPDATE}`', file=sys.stderr)
    return 1 if conflicts else 0


def audit(args: argparse.Namespace) -> int:
    """detect-secrets' own audit, with our plugins registered so it can load the baseline.

    A baseline is untrusted: it is loaded only when it names no code outside secret-hooks and
    detect-secrets and records exactly the current configuration's plugin and filter options
    (detect-secrets compiles the regexes among them: a crafted `(a+)+$` would stall it).
    `--report` is ours: detect-secrets' report, every value and line redacted.
    """
    from detect_secrets.main import main as detect_secrets_main

    from hooks import plugins
    from hooks.config import load_config

    config = load_config()
    files = list(args.files) or [config.baseline]
    current = scan.configure(config)
    acknowledged = {}
    for path in files:
        b = baseline_mod.load(path, missing_ok=False)
        if baseline_mod.untrusted_code_paths(b):
            raise UsageError(f'{path}: refers to code outside secret-hooks and detect-secrets; '
                             f'refusing to load it (run `{UPDATE}` first)')
        if baseline_mod.settings_diff(b.settings(), current):
            raise UsageError(f'{path}: its plugin/filter settings differ from the current '
                             'configuration; refusing to load options (regexes) from it: '
                             f'run `{UPDATE}` first')
        acknowledged[path] = b.acknowledged
    plugins.register()
    if args.report:
        return _audit_report(files[0], args.only_real, args.only_false)
    options = [flag for flag, on in (('--stats', args.stats), ('--diff', args.diff),
                                     ('--json', args.json)) if on]
    code = int(detect_secrets_main(['audit', *options, '--', *files]) or 0)
    for path, acks in acknowledged.items():  # detect-secrets rewrites the file without them
        after = baseline_mod.load(path, missing_ok=False)
        if acks and after.acknowledged != acks:
            after.acknowledged = acks
            write_atomic(path, baseline_mod.serialize(after).encode('utf-8'))
    return code


def _audit_report(path: str, only_real: bool, only_false: bool) -> int:
    """detect-secrets' `audit --report`, with each value redacted and each line reduced to
    what `hooks.report.redact` shows of its secret (a line may hold other secrets too)."""
    import json

    from detect_secrets.audit import report as audit_report

    from hooks import report

    which = (audit_report.SecretClassToPrint.REAL_SECRET if only_real
             else audit_report.SecretClassToPrint.FALSE_POSITIVE if only_false else None)
    data = audit_report.generate_report(path, which)  # type: ignore[arg-type]  # None: every class
    for item in data['results']:
        secret = str(item.get('secrets') or '')
        secret_type = str((item.get('types') or [''])[0])
        lines = item.get('lines') or {}
        shown = {n: report.redact(secret_type, secret, str(line)) for n, line in lines.items()}
        item['secrets'] = next(iter(shown.values()), report.redact(secret_type, secret))
        item['lines'] = shown
    print(json.dumps(data, indent=4, sort_keys=True))
    return 0


def acknowledge(args: argparse.Namespace) -> int:
    """Find the fingerprints in the history, then record each secret as acknowledged."""
    from hooks import history

    config = config_from_args(args, CONFIG_OPTIONS)
    reason = ' '.join(args.reason.split())
    if not reason:
        raise UsageError('--reason must say why the secret is safe (e.g. "rotated on 2026-10-01")')
    old = baseline_mod.load(config.baseline)  # a broken baseline stops here, untouched
    wanted = {fp.strip().lower() for fp in args.fingerprints}
    result = history.scan_history(history.revisions(args.since, args.range_, args.all_refs),
                                  config)
    for error in result.errors:
        print(f'secret-hooks: error: {error}', file=sys.stderr)
    matched = [h for h in result.findings if h.fingerprint in wanted]
    missing = sorted(wanted - {h.fingerprint for h in matched})
    if missing:
        raise UsageError(f'not found in the {result.commits} commits scanned: {" ".join(missing)} '
                         '(copy fingerprints from `secret-hooks scan --history`; --all looks in '
                         'every branch)')
    if result.errors:
        return 2
    new = baseline_mod.Baseline(**{**old.__dict__, 'acknowledged': list(old.acknowledged)})
    if not old.exists:
        settings = scan.configure(config)
        new.plugins_used, new.filters_used = settings['plugins_used'], settings['filters_used']
    known = {a.key for a in old.acknowledged}
    for h in matched:
        if h.secret_key in known:
            print(f'{h.fingerprint}: already acknowledged')
            continue
        known.add(h.secret_key)
        new.acknowledged.append(baseline_mod.Acknowledgement(
            type=h.finding.type, hashed_secret=h.finding.hashed_secret, reason=reason,
            commit=h.commit, filename=h.finding.filename, line_number=h.finding.line_number,
        ))
        print(f'{h.fingerprint}: {h.finding.type} first added in commit {h.short} '
              f'({h.finding.filename}:{h.finding.line_number}): acknowledged')
    if baseline_mod.write(new, previous=old):
        print(f'{config.baseline}: written; commit it (`git add {config.baseline}`)')
    return 0


def run(args: argparse.Namespace) -> int:
    return {'create': create, 'update': update, 'check': check, 'merge': merge,
            'audit': audit, 'acknowledge': acknowledge}[args.action](args)


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['baseline', *(sys.argv[1:] if argv is None else argv)])
