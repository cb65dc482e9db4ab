"""`secret-hooks init` (manual-stage hook `secret-hooks-init`): set a repository up, once.

Four steps, each safe to re-run and none overwriting what a person wrote:

1. the pre-commit config: written when there is none (and the repo/rev are known), otherwise
   kept, and the missing hooks are printed for the person to add;
2. the first scan: every finding is listed for review, then (when there is no baseline yet)
   written to the baseline, unaudited;
3. the secrets inventory: scaffolded from the secret-named variables the code, Compose files and
   env examples use (missing entries of an existing inventory are printed, never written);
4. the merge driver: the `.gitattributes` line and the local git config.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
from typing import Sequence

from hooks.config import Config
from hooks.config import add_config_arguments

CONFIG_FILE = '.pre-commit-config.yaml'
HOOK_IDS = ('scan-secrets', 'check-baseline', 'check-secret-fallbacks', 'check-env-files',
            'check-secret-rotation', 'check-secret-logging')
# Run by hand: `pre-commit run <id> --hook-stage manual` (their definitions say stages: [manual]).
MANUAL_HOOK_IDS = ('secret-hooks-init', 'baseline-create', 'baseline-update', 'baseline-allow')
DRIVER = 'secret-hooks-baseline'
CONFIG_OPTIONS = ('baseline', 'inventory', 'b2b_prefixes', 'legacy_key_patterns', 'strict',
                  'extra_placeholders', 'exclude', 'report_known_samples', 'secret_name_patterns',
                  'env_files')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--repo', metavar='URL',
                        help='the secret-hooks repository for the pre-commit config (default: '
                             'where this copy was installed from, when pip recorded it)')
    parser.add_argument('--rev', metavar='REV',
                        help='the tag or commit of that repository (default: the one installed)')
    parser.add_argument('--yes', action='store_true',
                        help='write the baseline without asking, even at a terminal')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def config_snippet(repo: str, rev: str, ids: Sequence[str] = HOOK_IDS + MANUAL_HOOK_IDS) -> str:
    lines = [f'  - repo: {repo}', f'    rev: {rev}', '    hooks:']
    lines += [f'      - id: {hook_id}' for hook_id in ids]
    return '\n'.join(lines) + '\n'


def installed_from() -> tuple[str, str]:
    """(repo URL, commit) that pip recorded when this package was installed from git, or ('', '')."""
    from importlib import metadata

    try:
        text = metadata.distribution('secret-hooks').read_text('direct_url.json') or ''
        data = json.loads(text) if text else {}
    except (metadata.PackageNotFoundError, ValueError):
        return '', ''
    commit = data.get('vcs_info', {}).get('commit_id', '') if isinstance(data, dict) else ''
    url = data.get('url', '') if commit else ''
    return (url, commit) if isinstance(url, str) and isinstance(commit, str) else ('', '')


def step_config(args: argparse.Namespace) -> list[str]:
    """Returns the files written."""
    if os.path.exists(CONFIG_FILE):
        with open(CONFIG_FILE, encoding='utf-8', errors='replace') as f:
            text = f.read()
        missing = [i for i in HOOK_IDS + MANUAL_HOOK_IDS if f'id: {i}' not in text]
        if not missing:
            print(f'{CONFIG_FILE}: kept (it lists every secret-hooks hook)')
        else:
            print(f'{CONFIG_FILE}: kept; add these hooks to its secret-hooks entry: '
                  f'{", ".join(missing)}')
        return []
    repo, rev = installed_from()
    repo, rev = args.repo or repo, args.rev or rev
    if not (repo and rev):
        print(f'{CONFIG_FILE}: not written (give --repo and --rev); it would be:\n'
              f'repos:\n{config_snippet(repo or "<secret-hooks repository URL>", rev or "<commit>")}')
        return []
    with open(CONFIG_FILE, 'w', encoding='utf-8') as f:
        f.write('repos:\n' + config_snippet(repo, rev))
    print(f'{CONFIG_FILE}: written (run `pre-commit install` once per clone)')
    return [CONFIG_FILE]


def step_baseline(config: Config, args: argparse.Namespace) -> list[str]:
    from hooks import report
    from hooks.baseline import model as baseline_mod
    from hooks.errors import UsageError
    from hooks.files import repository_files
    from hooks.findings import say_errors
    from hooks.scan import scanner as scan

    existing = baseline_mod.load(config.baseline)
    # The fingerprints listed for review (and printed until now) are those of the baseline
    # about to be written.
    salt = existing.fingerprint_salt or scan.repository_salt().hex()
    with scan.Scanner(config, salt) as scanner:
        result = scanner.scan_files(repository_files())
        settings = scanner.recorded_settings
    say_errors(result.errors)
    if result.errors:
        raise UsageError('the first scan could not read every file: fix the errors above, then '
                         're-run init')
    new = [f for f in result.findings if not existing.allows(f.key)]
    if existing.exists:
        print(f'{config.baseline}: kept ({len(existing.entries)} entries); '
              f'{len(new)} finding{"s" if len(new) != 1 else ""} it does not allow')
        for line in report.format_text(new):
            print(f'  {line}')
        return []
    n = len(result.findings)
    print(f'First scan: {n} finding{"s" if n != 1 else ""} in {result.scanned} files. Review each: '
          'a real secret must leave the code and be rotated, not be allowlisted.')
    for line in report.format_text(result.findings):
        print(f'  {line}')
    interactive = sys.stdin.isatty() and not os.environ.get('PRE_COMMIT') and not args.yes
    if n and interactive:
        answer = input(f'Allowlist these {n} findings in {config.baseline} (unaudited)? [y/N] ')
        if answer.strip().lower() not in ('y', 'yes'):
            print(f'{config.baseline}: not written; re-run init (or `secret-hooks baseline '
                  'create`) when the real secrets are gone')
            return []
    written = baseline_mod.from_findings(config.baseline, result.findings, settings)
    written.fingerprint_salt = salt
    baseline_mod.write(written)
    print(f'{config.baseline}: written, {len(written.entries)} entries (unaudited: label them '
          f'with `secret-hooks baseline audit` or `baseline allow FINGERPRINT --reason TEXT`)')
    return [config.baseline]


# -- the inventory scaffold --------------------------------------------------------------------

def _used_in(paths: Sequence[str]) -> list[str]:
    from hooks.rotation.check import JS_EXTENSIONS

    kinds = set()
    for path in paths:
        if path.endswith('.py'):
            kinds.add('backend')
        elif path.lower().endswith(JS_EXTENSIONS):
            kinds.add('frontend')
        else:
            kinds.add('infra')
    return [k for k in ('backend', 'frontend', 'infra') if k in kinds]


def _previous_of(name: str, names: Sequence[str]) -> str | None:
    """JWT_PREVIOUS_SECRET_KEYS holds the previous values of JWT_SECRET_KEY."""
    upper = name.upper()
    if '_PREVIOUS_' not in f'_{upper}_':
        return None
    base = upper.replace('PREVIOUS_', '', 1)
    for candidate in (base, base[:-1] if base.endswith('S') else base):
        if candidate in names:
            return candidate
    return None


def inventory_entries(config: Config) -> list[str]:
    """YAML entries (text) for the secret-named variables in use but not inventoried."""
    from hooks.rotation.check import check_repository

    _, result = check_repository(config, datetime.date.today(), 0)
    missing: dict[str, list[str]] = {}
    for problem in result.problems:
        if 'not in' in problem.why or 'no secrets inventory' in problem.why:
            missing.setdefault(problem.setting.upper(), []).append(f'{problem.path}:{problem.line}')
    previous = {p: b for p in missing if (b := _previous_of(p, list(missing)))}
    today = datetime.date.today().isoformat()
    entries = []
    for name, where in missing.items():
        if name in previous:
            continue
        prev = next((p for p, b in previous.items() if b == name), None)
        used_in = _used_in([w.rsplit(':', 1)[0] for w in where])
        lines = [
            f'  - env_var: {name}',
            f'    description: TODO what it protects (used at {where[0]})',
            '    owner: TODO the team or person who rotates it',
            '    criticality: high',
            f'    used_in: [{", ".join(used_in)}]',
            '    rotation_days: 90',
            f'    last_rotated: {today}   # the day the inventory started: rotate it now if unsure',
            f'    strategy: {"dual-window" if prev else "immediate"}',
        ]
        if prev:
            lines.append(f'    previous_env_var: {prev}')
        entries.append('\n'.join(lines) + '\n')
    return entries


def step_inventory(config: Config) -> list[str]:
    from hooks.rotation.inventory import FORMAT_DOC

    entries = inventory_entries(config)
    if os.path.exists(config.inventory):
        if entries:
            print(f'{config.inventory}: kept; add these entries under `secrets:`:\n'
                  + '\n'.join(entries))
        else:
            print(f'{config.inventory}: kept (it lists every secret in use)')
        return []
    if not entries:
        print(f'{config.inventory}: not needed (no secret-named variables in use)')
        return []
    header = (f'# The secrets this repository uses: who owns each, how often it is rotated, when it\n'
              f'# last was. Written by `secret-hooks init`: replace each TODO.\n'
              f'# Format: {FORMAT_DOC}.\n')
    with open(config.inventory, 'w', encoding='utf-8') as f:
        f.write(header + 'version: 1\nsecrets:\n' + '\n'.join(entries))
    print(f'{config.inventory}: written, {len(entries)} entries to review (owner, description)')
    return [config.inventory]


# -- the merge driver --------------------------------------------------------------------------

def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(['git', *args], capture_output=True, text=True)


def driver_command() -> str:
    """The merge driver's command line.  Inside a pre-commit hook the CLI lives in pre-commit's
    environment for this rev: name its interpreter, which stays until `pre-commit gc`."""
    import shutil

    on_path = shutil.which('secret-hooks')
    if on_path and not os.environ.get('PRE_COMMIT'):
        return 'secret-hooks baseline merge %O %A %B'
    return f'{shlex.quote(sys.executable)} -m hooks.cli baseline merge %O %A %B'


def step_merge_driver(config: Config) -> list[str]:
    written = []
    attribute = f'{config.baseline} merge={DRIVER}'
    text = ''
    if os.path.exists('.gitattributes'):
        with open('.gitattributes', encoding='utf-8', errors='replace') as f:
            text = f.read()
    if any(line.split() == attribute.split() for line in text.splitlines()):
        print(f'.gitattributes: kept ({attribute})')
    else:
        with open('.gitattributes', 'a', encoding='utf-8') as f:
            f.write(('\n' if text and not text.endswith('\n') else '') + attribute + '\n')
        print(f'.gitattributes: added `{attribute}`')
        written.append('.gitattributes')
    current = _git('config', '--get', f'merge.{DRIVER}.driver')
    if current.returncode not in (0, 1):
        print('git config: not a git repository, merge driver not set')
        return written
    if current.stdout.strip():
        print(f'git config merge.{DRIVER}.driver: kept ({current.stdout.strip()})')
    else:
        _git('config', f'merge.{DRIVER}.name', 'secret-hooks baseline merge')
        _git('config', f'merge.{DRIVER}.driver', driver_command())
        print(f'git config merge.{DRIVER}.driver: set (this clone only)')
    return written


def run(args: argparse.Namespace, config: Config) -> int:
    written = step_config(args)
    written += step_baseline(config, args)
    written += step_inventory(config)
    written += step_merge_driver(config)
    if written:
        print(f'Next: review them, then git add {" ".join(written)}')
    else:
        print('Nothing to change: this repository is set up.')
    return 0
