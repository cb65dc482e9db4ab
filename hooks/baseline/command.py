"""`secret-hooks baseline create|update|allow|check|merge|audit`: the allowlist's lifecycle.

`check` is the `check-baseline` hook: drift between baseline.secrets and the repository.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict
from typing import TYPE_CHECKING
from typing import Any
from typing import Sequence

from hooks.atomic import write_atomic
from hooks.config import Config
from hooks.config import add_config_arguments
from hooks.errors import UsageError
from hooks.files import normalize_path
from hooks.files import repository_files
from hooks.findings import exit_code
from hooks.findings import finish
from hooks.findings import say_errors
from hooks.paths import quote_path

if TYPE_CHECKING:
    from hooks.baseline import model as baseline_mod
    from hooks.scan import scanner as scan

CONFIG_OPTIONS = (
    'baseline', 'b2b_prefixes', 'legacy_key_patterns', 'strict', 'extra_placeholders',
    'exclude', 'report_known_samples',
)
UPDATE = 'secret-hooks baseline update'
# Allow through the environment too: the manual-stage hook `baseline-allow` takes no arguments
# from `pre-commit run`, so `ALLOW_FINDINGS='8a61512b app.py:3' pre-commit run baseline-allow
# --hook-stage manual` is how a repository without the CLI on PATH allows a finding.
ALLOW_ENV = 'ALLOW_FINDINGS'
REASON_ENV = 'ALLOW_REASON'
FINGERPRINT_RE = re.compile(r'[0-9A-Za-z_-]{6,64}')


def update_hint(*paths: str, everything: bool = False) -> str:
    """The command that refreshes these files' entries.  Inside a pre-commit hook the CLI may
    not be on PATH: name the manual-stage hook of the same repo and rev instead."""
    if os.environ.get('PRE_COMMIT'):
        scope = ' --all-files' if everything or not paths else f' --files {" ".join(paths)}'
        return f'pre-commit run baseline-update --hook-stage manual{scope}'
    return ' '.join([UPDATE, *(['--all'] if everything else paths)])


def keep_fingerprints(b: baseline_mod.Baseline) -> None:
    """A baseline about to be written for the first time takes the salt the fingerprints were
    printed with until now (the repository's), so they stay the same once it exists."""
    if not b.fingerprint_salt:
        b.fingerprint_salt = scan.repository_salt().hex()


def stage_hint(path: str) -> str:
    return f'Stage it with the change: git add {path}'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest='action', metavar='ACTION')
    sub.required = True
    create = sub.add_parser('create', help='scan every tracked file and write a new baseline')
    create.add_argument('--force', action='store_true', help='replace an existing baseline')
    update = sub.add_parser(
        'update', help='rescan the given paths (default: the staged files): keep the audit of '
                       'entries that still match, add new findings, drop entries whose secret '
                       'is gone, list each change (no write when nothing changed)')
    update.add_argument('paths', nargs='*', metavar='PATH',
                        help='files whose entries to refresh (default: the files staged in git)')
    update.add_argument('--all', action='store_true', dest='all_files',
                        help='rescan every tracked file instead')
    allow = sub.add_parser(
        'allow', help='allowlist findings audited as not a secret, with the reason',
        description='Allowlist findings as audited false positives (is_secret: false). '
                    f'Targets may also come from ${ALLOW_ENV} and the reason from ${REASON_ENV}.')
    allow.add_argument('targets', nargs='*', metavar='FINGERPRINT|PATH:LINE|PATH',
                       help='a finding\'s fingerprint (as `scan` prints it), the file and line of '
                            'a finding, or a file (all its findings)')
    allow.add_argument('--reason', default=None, metavar='TEXT',
                       help='why it is not a secret (kept in the baseline entry)')
    check = sub.add_parser('check', help='fail on baseline drift (hook: check-baseline)')
    check.add_argument('filenames', nargs='*', help=argparse.SUPPRESS)  # pre-commit may pass some
    add_config_arguments(check, 'require_audit')
    merge = sub.add_parser(
        'merge', help='git merge driver: three-way merge of baseline entries',
        # No %-formatting is applied to a description: a single % shows as written.
        description='Use as a git merge driver: secret-hooks baseline merge %O %A %B. '
                    'Writes the result to OURS; exits 1 on a conflict left for a person.')
    merge.add_argument('base', metavar='BASE', help="the common ancestor's version (git's %%O)")
    merge.add_argument('ours', metavar='OURS', help="our version, overwritten with the result (git's %%A)")
    merge.add_argument('theirs', metavar='THEIRS', help="their version (git's %%B)")
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
    ack.add_argument('fingerprints', nargs='+', metavar='FINGERPRINT',
                     help='fingerprints as `secret-hooks scan --history` prints them')
    ack.add_argument('--reason', required=True, help='why it is safe, e.g. "rotated on 2026-10-01"')
    which = ack.add_mutually_exclusive_group()
    which.add_argument('--since', metavar='REV', help='look for them in the commits after REV')
    which.add_argument('--range', dest='range_', metavar='A..B', help='look for them in A..B')
    which.add_argument('--all', dest='all_refs', action='store_true',
                       help='look for them in every branch and tag (default: what HEAD reaches)')
    add_config_arguments(ack, *CONFIG_OPTIONS)
    for p in (create, update, allow, check, audit):
        if p is not audit:
            add_config_arguments(p, *CONFIG_OPTIONS)
    add_config_arguments(audit)  # no options: the configuration file only; `merge` takes none


def _scan(scanner: scan.Scanner, paths: Sequence[str] | None = None) -> scan.ScanResult:
    """A scan of `paths` (default: every tracked file), each error on stderr."""
    result = scanner.scan_files(repository_files() if paths is None else paths)
    say_errors(result.errors)
    return result


def create(args: argparse.Namespace, config: Config) -> int:
    if os.path.exists(config.baseline) and not args.force:
        raise UsageError(f'{config.baseline} exists: run `{update_hint(everything=True)}` (keeps audits), '
                         'or `create --force` to replace it')
    with scan.Scanner(config) as scanner:
        result = _scan(scanner)
        settings = scanner.recorded_settings
    if result.errors:
        return exit_code(False, result.errors)  # each already said (_scan)
    new = baseline_mod.from_findings(config.baseline, result.findings, settings)
    if not os.path.exists(config.baseline):  # a first baseline: the fingerprints printed so far stay
        new.fingerprint_salt = ''
        keep_fingerprints(new)
    baseline_mod.write(new)
    print(f'{config.baseline}: written, {len(new.entries)} entries from {result.scanned} files')
    print(stage_hint(config.baseline))
    return 0


def staged_files() -> list[str]:
    """Paths staged in git (added, changed, renamed on both sides, deleted)."""
    try:
        out = subprocess.run(['git', 'diff', '--cached', '--name-only', '--no-renames', '-z'],
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise UsageError('no staged files to update from (not a git repository): '
                         'give the PATHs, or --all') from None
    return [p for p in out.decode('utf-8', 'surrogateescape').split('\0') if p]


def _describe(e: baseline_mod.Entry, fingerprint: str = '') -> str:
    shown = f' [{fingerprint}]' if fingerprint else ''
    return f'{e.filename}:{e.line_number}: {e.type}{shown}'


def update(args: argparse.Namespace, config: Config) -> int:
    # A broken baseline stops here (exit 2), untouched; so does one named but missing.
    old = baseline_mod.load(config.baseline, missing_ok=getattr(args, 'baseline', None) is None)
    keep_fingerprints(old)
    with scan.Scanner(config, old.fingerprint_salt) as scanner:
        return _update(args, config, old, scanner)


def _update(args: argparse.Namespace, config: Config, old: baseline_mod.Baseline,
            scanner: scan.Scanner) -> int:
    if args.all_files:
        result = _scan(scanner)
        if result.errors:
            return exit_code(False, result.errors)  # each already said (_scan)
        new = baseline_mod.update(old, result.findings, scanner.recorded_settings)
    else:
        given = {normalize_path(p) for p in (args.paths or staged_files())}
        given -= {normalize_path(config.baseline)}
        if not given:
            print(f'{config.baseline}: nothing staged to update from: give the PATHs, or --all')
            return 0
        # Entries of files that are gone (deleted, renamed away) always go, so a rename's new
        # path keeps the audit of the old one.
        paths = sorted(given | {e.filename for e in old.entries if not os.path.lexists(e.filename)})
        tracked = set(repository_files())
        for p in sorted(given):
            if os.path.lexists(p) and p not in tracked:
                print(f'{config.baseline}: {p} is not tracked by git: no entries (git add it first)')
        present = [p for p in paths if os.path.lexists(p) and p in tracked]
        result = _scan(scanner, present)
        if result.errors:
            return exit_code(False, result.errors)  # each already said (_scan)
        new = baseline_mod.update_paths(old, paths, result.findings, scanner.recorded_settings)
    fingerprints = {f.key: f.fingerprint for f in result.findings}
    if not baseline_mod.write(new, previous=old):
        print(f'{config.baseline}: up to date, not rewritten')
        return 0
    before, after = old.keys(), new.keys()
    added = sorted((e for e in new.entries if e.key not in before),
                   key=lambda e: (e.filename, e.line_number, e.type))
    removed = sorted((e for e in old.entries if e.key not in after),
                     key=lambda e: (e.filename, e.line_number, e.type))
    for e in added:
        audit = 'unaudited' if e.is_secret is None else 'audit kept from its old path'
        print(f'{config.baseline}: added {_describe(e, fingerprints.get(e.key, ""))} ({audit})')
    for e in removed:
        print(f'{config.baseline}: removed {_describe(e)}')
    print(f'{config.baseline}: updated: {len(added)} added, {len(removed)} removed, '
          f'{len(after)} entries')
    print(stage_hint(config.baseline))
    return 0


def _resolve_targets(targets: list[str], scanner: scan.Scanner) -> list[scan.Finding]:
    """The findings the targets name; UsageError for a target that names none."""
    by_file: dict[str, list[scan.Finding]] = {}
    everything: list[scan.Finding] | None = None
    chosen: dict[tuple[str, str, str], scan.Finding] = {}

    def findings_in(path: str) -> list[scan.Finding]:
        if path not in by_file:
            result = scanner.scan_files([path])
            if result.errors:
                raise UsageError(result.errors[0])
            by_file[path] = result.findings
        return by_file[path]

    for target in targets:
        path, colon, number = target.rpartition(':')
        if colon and number.isdigit() and os.path.isfile(path):
            path, line = normalize_path(path), int(number)
            found = [f for f in findings_in(path) if f.line_number == line]
            if not found:
                raise UsageError(f'{path}:{line}: no finding on this line (`secret-hooks scan '
                                 f'{path}` lists them)')
        elif os.path.isfile(target):
            found = findings_in(normalize_path(target))
            if not found:
                raise UsageError(f'{normalize_path(target)}: no finding in this file')
        elif FINGERPRINT_RE.fullmatch(target):
            if everything is None:
                everything = _scan(scanner).findings
            found = [f for f in everything if f.fingerprint == target]
            if not found:
                raise UsageError(f'{target}: no finding with this fingerprint in the tracked '
                                 'files (`secret-hooks scan` lists them)')
        else:
            raise UsageError(f'{target}: not a fingerprint, PATH:LINE or file')
        for f in found:
            chosen.setdefault(f.key, f)
    return sorted(chosen.values(), key=lambda f: (f.filename, f.line_number, f.type))


def allow(args: argparse.Namespace, config: Config) -> int:
    targets = list(args.targets) + os.environ.get(ALLOW_ENV, '').replace(',', ' ').split()
    reason = (args.reason if args.reason is not None else os.environ.get(REASON_ENV, '')).strip()
    if not targets:
        raise UsageError(f'baseline allow: give a FINGERPRINT, PATH:LINE or PATH (or set {ALLOW_ENV})')
    old = baseline_mod.load(config.baseline)  # a broken baseline stops here (exit 2), untouched
    keep_fingerprints(old)
    with scan.Scanner(config, old.fingerprint_salt) as scanner:
        findings = _resolve_targets(targets, scanner)
        new = baseline_mod.allow(old, findings, reason, scanner.recorded_settings)
    for f in findings:
        why = f': {reason}' if reason else ''
        print(f'{config.baseline}: allowed {f.filename}:{f.line_number}: {f.type} [{f.fingerprint}] '
              f'(audited: not a secret{why})')
    if not baseline_mod.write(new, previous=old):
        print(f'{config.baseline}: already allowed, not rewritten')
        return 0
    print(stage_hint(config.baseline))
    return 0


def check(args: argparse.Namespace, config: Config) -> int:
    b = baseline_mod.load(config.baseline, missing_ok=args.baseline is None)
    if not b.exists:
        print(f'{config.baseline}: no baseline yet, nothing to check (start one with '
              '`secret-hooks init` or `secret-hooks baseline create`)')
        return 0
    with scan.Scanner(config, b.fingerprint_salt) as scanner:
        return _check(config, b, scanner)


def _check(config: Config, b: baseline_mod.Baseline, scanner: scan.Scanner) -> int:
    problems: list[baseline_mod.Problem] = []
    for path in baseline_mod.untrusted_code_paths(b):
        problems.append(baseline_mod.Problem(
            '', 0, f'refers to code outside secret-hooks and detect-secrets ({path}): never loaded; '
                   f'run `{update_hint(everything=True)}`'))
    for diff in baseline_mod.settings_diff(b.settings(), scanner.recorded_settings):
        problems.append(baseline_mod.Problem(
            '', 0, f'{diff} (recorded settings differ from the current configuration; run '
                   f'`{update_hint(everything=True)}`)'))

    tracked = set(repository_files())
    by_file: dict[str, list[baseline_mod.Entry]] = defaultdict(list)
    for e in b.entries:
        by_file[e.filename].append(e)
    scannable = []
    gone = []
    for filename, entries in sorted(by_file.items()):
        reason = ''
        if not os.path.isfile(filename):
            gone.append(filename)
            continue
        elif filename not in tracked:
            reason = f'{filename} is not tracked by git; run `{update_hint(filename)}`'
        elif scanner.is_excluded(filename):
            reason = f'{filename} is excluded from scanning; run `{update_hint(filename)}`'
        else:
            scannable.append(filename)
        for e in entries:
            if reason:
                problems.append(baseline_mod.Problem(filename, e.line_number, reason))
    # A file that is gone may have been moved (`git mv`): look for its secrets in the renamed
    # files git knows of and in tracked files of the same name, so the fix names both paths.
    candidates = sorted(_moved_candidates(gone, tracked) - set(scannable)) if gone else []
    scanned = scanner.scan_files(scannable + candidates)
    found_in = scanned.findings
    # A file that could not be scanned is an error of its own, not a file of stale entries.
    failed = {f for f in scannable if any(err.startswith(f'{quote_path(f)}: ') for err in scanned.errors)}
    found = {f.key: f for f in found_in}
    where_now: dict[tuple[str, str], str] = {}
    for f in found_in:
        if f.filename in candidates:
            where_now.setdefault((f.type, f.hashed_secret), f.filename)
    for filename in gone:
        for e in by_file[filename]:
            new_path = where_now.get((e.type, e.hashed_secret))
            if new_path:
                message = (f'moved: this {e.type} is now in {new_path}; run '
                           f'`{update_hint(new_path)}`')
            else:
                # pre-commit refuses `--files` of a path that is gone; any update drops it.
                fix = update_hint(everything=True) if os.environ.get('PRE_COMMIT') else update_hint(filename)
                message = f'stale: {filename} no longer exists; run `{fix}`'
            problems.append(baseline_mod.Problem(filename, e.line_number, message))
    for e in b.entries:
        now = found.get(e.key)
        line = now.line_number if now is not None else e.line_number  # where it is now
        if e.filename in scannable and e.filename not in failed and now is None:
            problems.append(baseline_mod.Problem(
                e.filename, e.line_number,
                f'stale: this {e.type} is no longer in the file; run `{update_hint(e.filename)}`'))
        if e.is_secret:
            problems.append(baseline_mod.Problem(
                e.filename, line,
                f'audited as a real secret ({e.type}): remove it from the file and rotate it, '
                f'then run `{update_hint(e.filename)}`'))
        elif e.is_secret is None and config.require_audit:
            problems.append(baseline_mod.Problem(
                e.filename, line,
                f'unaudited {e.type}: label it with `secret-hooks baseline audit {config.baseline}`'
                f', or `secret-hooks baseline allow {e.filename}:{line} --reason TEXT`'))

    problems.sort(key=lambda p: (p.filename, p.line_number, p.message))
    for p in problems:
        print(p.format(config.baseline))
    if problems:
        print(f'{len(problems)} baseline problem{"s" if len(problems) != 1 else ""} in {config.baseline}.')
    return finish(bool(problems), scanned.errors)


def _moved_candidates(gone: list[str], tracked: set[str]) -> set[str]:
    """Tracked files that may hold the secrets of the `gone` files: git's renames of them
    (staged or in the last commit) and tracked files with the same name."""
    candidates: set[str] = set()
    for command in (['git', 'diff', '--cached', '-M', '--name-status', '-z'],
                    ['git', 'diff', '-M', '--name-status', '-z', 'HEAD~1', 'HEAD']):
        try:
            out = subprocess.run(command, capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        fields = out.decode('utf-8', 'surrogateescape').split('\0')
        for i, status in enumerate(fields):
            if status.startswith(('R', 'C')) and i + 2 < len(fields) and fields[i + 1] in gone:
                candidates.add(fields[i + 2])
    names = {os.path.basename(g) for g in gone}
    candidates.update(t for t in tracked if os.path.basename(t) in names)
    return {c for c in candidates if c in tracked and os.path.isfile(c)}


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
    salt = scan.Salt(merged.fingerprint_salt)
    text = baseline_mod.serialize_with_conflicts(merged, conflicts)
    write_atomic(args.ours, text.encode('utf-8'))
    for c in conflicts:
        e = c.entry
        print(f'baseline merge: conflict: {e.filename}: {e.type} [{salt.fingerprint(e.hashed_secret)}]: '
              'audited differently on each side; edit the file to keep one, then '
              f'`{update_hint(everything=True)}`', file=sys.stderr)
    return exit_code(bool(conflicts), ())


def audit(args: argparse.Namespace, config: Config) -> int:
    """detect-secrets' own audit, with our plugins registered so it can load the baseline.

    A baseline is untrusted: it is loaded only when it names no code outside secret-hooks and
    detect-secrets and records exactly the current configuration's plugin and filter options
    (detect-secrets compiles the regexes among them: a crafted `(a+)+$` would stall it).
    `--report` is ours: detect-secrets' report, every value and line redacted.
    """
    with scan.Scanner(config) as scanner:
        return _audit(args, config, scanner.recorded_settings)


def _audit(args: argparse.Namespace, config: Config, current: dict[str, Any]) -> int:
    """`audit` inside the scanner's settings (our plugins registered: detect-secrets loads the
    baseline's plugins by name)."""
    from detect_secrets.main import main as detect_secrets_main

    files = list(args.files) or [config.baseline]
    before: dict[str, baseline_mod.Baseline] = {}
    acknowledged = {}
    for path in files:
        b = baseline_mod.load(path, missing_ok=False)
        if baseline_mod.untrusted_code_paths(b):
            raise UsageError(f'{path}: refers to code outside secret-hooks and detect-secrets; '
                             f'refusing to load it (run `{update_hint(everything=True)}` first)')
        if baseline_mod.settings_diff(b.settings(), current):
            raise UsageError(f'{path}: its plugin/filter settings differ from the current '
                             'configuration; refusing to load options (regexes) from it: '
                             f'run `{update_hint(everything=True)}` first')
        before[path] = b
        acknowledged[path] = b.acknowledged
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
    for path, old in before.items():
        _restore_reasons(old, path)
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


def acknowledge(args: argparse.Namespace, config: Config) -> int:
    """Find the fingerprints in the history, then record each secret as acknowledged."""
    from hooks.scan import gitlog
    from hooks.scan import history

    reason = ' '.join(args.reason.split())
    if not reason:
        raise UsageError('--reason must say why the secret is safe (e.g. "rotated on 2026-10-01")')
    old = baseline_mod.load(config.baseline)  # a broken baseline stops here, untouched
    wanted = {fp.strip().lower() for fp in args.fingerprints}
    with scan.Scanner(config, old.fingerprint_salt) as scanner:
        result = history.scan_history(gitlog.revisions(args.since, args.range_, args.all_refs),
                                      scanner)
        settings = scanner.recorded_settings
    say_errors(result.errors)
    matched = [h for h in result.findings if h.fingerprint in wanted]
    missing = sorted(wanted - {h.fingerprint for h in matched})
    if missing:
        raise UsageError(f'not found in the {result.commits} commits scanned: {" ".join(missing)} '
                         '(copy fingerprints from `secret-hooks scan --history`; --all looks in '
                         'every branch)')
    if result.errors:
        return exit_code(False, result.errors)  # each already said
    new = baseline_mod.Baseline(**{**old.__dict__, 'acknowledged': list(old.acknowledged)})
    if not old.exists:
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


def _restore_reasons(old: baseline_mod.Baseline, path: str) -> None:
    """detect-secrets' audit rewrites the baseline without the fields it does not know: put
    back the `reason` of each entry still audited as not a secret."""
    reasons = {e.key: e.reason for e in old.entries if e.reason}
    if not reasons:
        return
    new = baseline_mod.load(path, missing_ok=False)
    changed = False
    for e in new.entries:
        if not e.reason and e.key in reasons and e.is_secret is False:
            e.reason, changed = reasons[e.key], True
    if changed:
        new.generated_at = new.generated_at or old.generated_at
        write_atomic(path, baseline_mod.serialize(new).encode('utf-8'))


def _check_key(args: argparse.Namespace, config: Config) -> str | None:
    """The inputs of `check` (see hooks.scan.passcache), or None when they cannot be read cheaply."""
    import json

    from hooks.scan import passcache

    try:
        with open(config.baseline, 'rb') as f:
            raw = f.read()
        names = sorted(json.loads(raw.decode('utf-8')).get('results', {}))
    except (OSError, ValueError, AttributeError, RecursionError):
        return None  # missing or broken (nested too deeply, too): the full check says so, naming it
    try:
        listed = subprocess.run(['git', 'ls-files', '-z', '--', *names] if names else ['true'],
                                capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    options = sorted((k, repr(v)) for k, v in vars(args).items() if not callable(v))
    return passcache.key([
        b'check-baseline 1', *passcache.code_stamp(), os.getcwd().encode(), repr(options).encode(),
        passcache.file_stamp('pyproject.toml'), passcache.file_stamp('setup.cfg'), raw,
        listed, *(passcache.file_stamp(name) for name in names),
    ])


def run(args: argparse.Namespace, config: Config | None) -> int:
    global baseline_mod, scan  # imported here: a passing `check` seen before needs neither
    if config is None:  # `merge`, run by git, reads no configuration (see add_arguments)
        from hooks.baseline import model as baseline_mod  # noqa: F811
        from hooks.scan import scanner as scan  # noqa: F811

        return merge(args)
    if args.action == 'check':
        from hooks.scan import passcache

        key = _check_key(args, config)
        if key is not None and passcache.passed_before('check-baseline', key):
            return 0
        from hooks.baseline import model as baseline_mod
        from hooks.scan import scanner as scan

        code = check(args, config)
        if code == 0 and key is not None:
            passcache.note_pass('check-baseline', key)
        return code
    from hooks.baseline import model as baseline_mod  # noqa: F811
    from hooks.scan import scanner as scan  # noqa: F811

    return {'create': create, 'update': update, 'allow': allow, 'check': check,
            'audit': audit, 'acknowledge': acknowledge}[args.action](args, config)

