"""Rotate one inventoried secret in an env file: new value, previous-values window, date.

`rotate` makes the new value from a cryptographic source, moves the current value to the front
of the previous-values variable (dual-window secrets, keeping N), rewrites the env file in place
(everything else byte for byte) and records today's date in the inventory.  `finish` ends the
window.  Nothing here ever returns or prints a secret value: a plan describes its changes in
words, and the values only travel from the generator to the file.

The command, `secret-hooks rotate`:

    rotate NAME --env-file .env [--keep N] [--dry-run]   new value, old one kept (dual-window)
    rotate --finish NAME --env-file .env [--dry-run]     end the window: clear previous values
    rotate --rollback NAME --env-file .env [--dry-run]   undo: the newest previous value is current again
    rotate NAME --record [--dry-run]                     only record today as last_rotated

It prints what changed and the post-rotation checklist: never a value.
"""
from __future__ import annotations

import argparse
import base64
import datetime
import os
import random
import re
import secrets
import subprocess
from dataclasses import dataclass
from dataclasses import field
from typing import Sequence

from hooks import dotenv as envfile
from hooks import keys
from hooks.config import Config
from hooks.config import add_config_arguments
from hooks.errors import UsageError
from hooks.rotation.inventory import Entry
from hooks.rotation.inventory import Inventory
from hooks.rotation.inventory import load_inventory
from hooks.rotation.inventory import set_last_rotated
from hooks.rules import is_placeholder

DEFAULT_KEEP = 2
TOKEN_BYTES = 64  # secrets.token_urlsafe(64): 86 characters, 512 bits


@dataclass
class Plan:
    entry: Entry
    env_path: str | None
    inventory_path: str
    changes: list[str] = field(default_factory=list)  # in words, never a value
    env_text: str | None = None        # new env file text, when it changes
    inventory_text: str | None = None  # new inventory text, when it changes


def new_value(
    entry: Entry, current: str, prefixes: Sequence[str] = (keys.DEFAULT_PREFIX,),
    rng: random.Random | None = None,
) -> str:
    """A fresh value in the entry's format.  A B2B key keeps the prefix and environment of the
    key it replaces (a `test` key stays a test key).  `rng`: a seeded source, for tests only."""
    if entry.format == 'b2b-key':
        prefix, env = (prefixes[0] if prefixes else keys.DEFAULT_PREFIX), 'live'
        if keys.is_valid_key(current):
            prefix, env = current.split('_')[:2]
        return keys.generate_key(prefix, env, rng=rng)
    if entry.format == 'token':
        if rng is not None:
            return base64.urlsafe_b64encode(rng.randbytes(TOKEN_BYTES)).rstrip(b'=').decode('ascii')
        return secrets.token_urlsafe(TOKEN_BYTES)
    raise UsageError(
        f'{entry.env_var} is issued by an external provider (format: external): rotate it there, '
        f'put the new value in the env file or secret store yourself, then run '
        f'`secret-hooks rotate {entry.env_var} --record` (see docs/rotation-runbook.md)',
    )


def holds_value(value: str) -> bool:
    """Whether an env file value is a real value to keep.  `${OTHER}` and placeholder words are
    not; a bare `$abc…` is (python-dotenv expands only `${…}`): a key may start with `$`."""
    return bool(value) and (not is_placeholder(value) or bool(_BARE_DOLLAR_RE.fullmatch(value)))


_BARE_DOLLAR_RE = re.compile(r'\$[^{].*', re.DOTALL)


def split_previous(value: str) -> list[str]:
    return [v.strip() for v in value.split(',') if holds_value(v.strip())]


def _is_tracked(path: str) -> bool:
    """True when git tracks `path`: a rotated value must never land in a commit."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        done = subprocess.run(
            ['git', 'ls-files', '--error-unmatch', '--', os.path.basename(path)],
            cwd=directory, capture_output=True,
        )
    except OSError:
        return False
    return done.returncode == 0


def _read_env(path: str) -> str:
    if envfile.is_template(path):
        raise UsageError(
            f'{path}: looks like a committed example (example/sample/template): rotate the real '
            'env file or secret store, never an example',
        )
    # A symlink is written through (hooks.atomic): its target must not be tracked either.
    if _is_tracked(path) or _is_tracked(os.path.realpath(path)):
        raise UsageError(
            f'{path}: tracked by git: a rotated value must not be committed; rotate an untracked '
            'env file (add it to .gitignore) or your secret store',
        )
    try:
        return envfile.read(path)
    except FileNotFoundError:
        raise UsageError(f'{path}: no such env file') from None
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) else 'not UTF-8'
        raise UsageError(f'{path}: cannot read: {reason}') from None


def _record(plan: Plan, inventory: Inventory, today: datetime.date) -> None:
    entry = plan.entry
    if entry.last_rotated == today:
        plan.changes.append(f'{inventory.path}: last_rotated of {entry.env_var} is already {today.isoformat()}')
        return
    plan.inventory_text = set_last_rotated(inventory, entry, today)
    plan.changes.append(
        f'{inventory.path}:{entry.last_rotated_line}: last_rotated of {entry.env_var}: '
        f'{entry.last_rotated.isoformat()} -> {today.isoformat()}',
    )


def plan_rotation(
    inventory: Inventory, entry: Entry, env_path: str, today: datetime.date,
    keep: int = DEFAULT_KEEP, prefixes: Sequence[str] = (keys.DEFAULT_PREFIX,),
) -> Plan:
    if keep < 1:
        raise UsageError('--keep: must be 1 or more (the previous values kept during the window)')
    plan = Plan(entry=entry, env_path=env_path, inventory_path=inventory.path)
    text = _read_env(env_path)
    current_entries = {e.name: e for e in envfile.parse(text)}  # last assignment wins
    current = current_entries.get(entry.env_var)
    current_value = current.value if current else ''
    value = new_value(entry, current_value, prefixes)
    updates = {entry.env_var: value}
    plan.changes.append(
        f'{env_path}: {entry.env_var}: new {entry.format} ({len(value)} characters)'
        + ('' if current else ', added (it was not in the file)'),
    )
    if entry.strategy == 'dual-window':
        assert entry.previous_env_var
        prev = current_entries.get(entry.previous_env_var)
        old = split_previous(prev.value) if prev else []
        moved = [current_value] if holds_value(current_value) else []
        if any(',' in v for v in moved):
            # The previous values are comma-separated: this one would come back as two bogus keys.
            raise UsageError(
                f'{env_path}: the current {entry.env_var} contains a comma, so it cannot be kept in '
                f'{entry.previous_env_var}: replace it by hand, or rotate with strategy immediate',
            )
        kept = list(dict.fromkeys(moved + old))[:keep]
        updates[entry.previous_env_var] = ','.join(kept)
        dropped = len(set(moved + old)) - len(kept)
        plan.changes.append(
            f'{env_path}: {entry.previous_env_var}: '
            + ('the old value moved to the front' if moved else 'no old value to keep')
            + f', {len(kept)} previous value(s) kept (--keep {keep})'
            + (f', {dropped} oldest dropped' if dropped > 0 else '')
            + ('' if prev else ', added (it was not in the file)'),
        )
    plan.env_text = envfile.set_values(text, updates)
    _record(plan, inventory, today)
    return plan


def plan_finish(inventory: Inventory, entry: Entry, env_path: str) -> Plan:
    if entry.strategy != 'dual-window' or not entry.previous_env_var:
        raise UsageError(f'{entry.env_var}: strategy is {entry.strategy}: there is no window to finish')
    plan = Plan(entry=entry, env_path=env_path, inventory_path=inventory.path)
    text = _read_env(env_path)
    prev = {e.name: e for e in envfile.parse(text)}.get(entry.previous_env_var)
    count = len(split_previous(prev.value)) if prev else 0
    if count == 0:
        plan.changes.append(f'{env_path}: {entry.previous_env_var}: already empty, nothing to finish')
        return plan
    plan.env_text = envfile.set_values(text, {entry.previous_env_var: ''})
    plan.changes.append(f'{env_path}: {entry.previous_env_var}: {count} previous value(s) removed')
    return plan


def plan_rollback(inventory: Inventory, entry: Entry, env_path: str) -> Plan:
    """Undo a dual-window rotation: the newest previous value becomes current again, and the
    value it replaces joins the previous values (what it signed meanwhile still verifies)."""
    if entry.strategy != 'dual-window' or not entry.previous_env_var:
        raise UsageError(f'{entry.env_var}: strategy is {entry.strategy}: no previous value to roll back to')
    plan = Plan(entry=entry, env_path=env_path, inventory_path=inventory.path)
    text = _read_env(env_path)
    entries = {e.name: e for e in envfile.parse(text)}
    previous = split_previous(entries[entry.previous_env_var].value) if entry.previous_env_var in entries else []
    if not previous:
        raise UsageError(f'{env_path}: {entry.previous_env_var} is empty: no previous value to roll back to')
    current = entries[entry.env_var].value if entry.env_var in entries else ''
    rest = previous[1:]
    if holds_value(current):
        rest = [current] + [v for v in rest if v != current]
    plan.env_text = envfile.set_values(text, {entry.env_var: previous[0], entry.previous_env_var: ','.join(rest)})
    plan.changes.append(f'{env_path}: {entry.env_var}: back to the newest previous value')
    plan.changes.append(f'{env_path}: {entry.previous_env_var}: the rolled-back value moved to the front '
                        f'({len(rest)} previous value(s))')
    return plan


def plan_record(inventory: Inventory, entry: Entry, today: datetime.date) -> Plan:
    """Only the date: for a secret rotated elsewhere (an external provider, a secret store)."""
    plan = Plan(entry=entry, env_path=None, inventory_path=inventory.path)
    _record(plan, inventory, today)
    return plan


def apply(plan: Plan) -> None:
    """Write the env file, then the inventory, each atomically (the env file first: a new value
    recorded as rotated without being in place would be the worse half-state)."""
    if plan.env_text is not None and plan.env_path is not None:
        envfile.write_atomic(plan.env_path, plan.env_text)
    if plan.inventory_text is not None:
        envfile.write_atomic(plan.inventory_path, plan.inventory_text)


def checklist(entry: Entry, env_path: str | None, finished: bool = False,
              rolled_back: bool = False) -> list[str]:
    """What the operator does next (printed after the change; holds no value)."""
    name, env = entry.env_var, env_path or '<env file>'
    if rolled_back:
        return [
            f'1. Deploy {env} everywhere {name} is used ({", ".join(entry.used_in)}) and restart.',
            '2. Verify: tokens/signatures from before the rotation verify again; ones made with the '
            'rolled-back value still verify (it is kept as a previous value).',
            f'3. Restore last_rotated in {entry.env_var}\'s inventory entry (`git checkout` / '
            '`git revert` the inventory change), find out what failed, and rotate again.',
        ]
    if finished:
        return [
            f'1. Deploy {env} everywhere {name} is used ({", ".join(entry.used_in)}) and restart.',
            f'2. Verify: a token/request signed with a previous {name} is now refused (401/403).',
            '3. Remove the previous values from every copy of the secret (secret store, CI variables).',
        ]
    steps = [
        f'1. Store the new {name} in the secret store / deployment variables from {env} '
        '(never paste it in chat, tickets, commits or logs).',
        f'2. Deploy to every place {name} is used ({", ".join(entry.used_in)}) and restart.',
    ]
    if entry.format == 'b2b-key':
        steps.append('3. Send the new key to its B2B partner over the agreed secure channel; '
                     + ('confirm they switched before the window ends.' if entry.strategy == 'dual-window'
                        else 'the old key is refused as soon as this is deployed.'))
    else:
        steps.append('3. Verify: newly issued tokens/signatures verify'
                     + (', and ones issued before the rotation still do.' if entry.strategy == 'dual-window'
                        else '; sessions/signatures made with the old value are refused (expected).'))
    if entry.strategy == 'dual-window':
        steps.append(
            f'4. After the longest lifetime of anything signed with the old value (token expiry, '
            f'partner switch-over), end the window: '
            f'`secret-hooks rotate --finish {name} --env-file {env}`.',
        )
    steps.append(f'{len(steps) + 1}. Commit the updated inventory (last_rotated) — never the env file.')
    return steps


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------

CONFIG_OPTIONS = ('inventory', 'b2b_prefixes')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('name', metavar='NAME', help='env variable of the secret (its inventory env_var)')
    parser.add_argument('--env-file', metavar='PATH',
                        help='the (untracked) env file holding the secret, rewritten in place')
    parser.add_argument('--keep', type=int, default=DEFAULT_KEEP, metavar='N',
                        help=f'previous values kept for dual-window secrets (default: {DEFAULT_KEEP})')
    parser.add_argument('--dry-run', action='store_true', help='change nothing; say what would change')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--finish', action='store_true',
                      help='end the dual-window: clear the previous-values variable')
    mode.add_argument('--rollback', action='store_true',
                      help='undo a dual-window rotation: the newest previous value becomes current again')
    mode.add_argument('--record', action='store_true',
                      help='only set last_rotated to today (secret rotated elsewhere, e.g. an external provider)')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def run(args: argparse.Namespace, config: Config) -> int:
    today = datetime.date.today()
    inventory = load_inventory(config.inventory, today)
    if inventory is None:
        raise UsageError(f'{config.inventory}: no secrets inventory (see docs/rotation-runbook.md)')
    entry = inventory.get(args.name)
    if entry is None:
        raise UsageError(f'{args.name}: not in {config.inventory}: add an entry for it first')
    if not args.record and not args.env_file:
        raise UsageError('--env-file PATH is required (or --record to only record the date)')
    if args.record:
        plan = plan_record(inventory, entry, today)
    elif args.finish:
        plan = plan_finish(inventory, entry, args.env_file)
    elif args.rollback:
        plan = plan_rollback(inventory, entry, args.env_file)
    else:
        plan = plan_rotation(inventory, entry, args.env_file, today, args.keep, config.b2b_prefixes)

    if args.dry_run:
        print('dry run: nothing changed. Would change:')
        for change in plan.changes:
            print(f'  {change}')
        return 0
    apply(plan)
    verb = ('recorded' if args.record else 'finished the window of' if args.finish
            else 'rolled back' if args.rollback else 'rotated')
    print(f'{verb} {entry.env_var}:')
    for change in plan.changes:
        print(f'  {change}')
    if not args.record:
        print('\nNext:')
        for step in checklist(entry, args.env_file, args.finish, args.rollback):
            print(f'  {step}')
    return 0
