"""`secret-hooks rotate NAME --env-file PATH`: rotate one inventoried secret.

    rotate NAME --env-file .env [--keep N] [--dry-run]   new value, old one kept (dual-window)
    rotate --finish NAME --env-file .env [--dry-run]     end the window: clear previous values
    rotate --rollback NAME --env-file .env [--dry-run]   undo: the newest previous value is current again
    rotate NAME --record [--dry-run]                     only record today as last_rotated

Prints what changed and the post-rotation checklist: never a value.
"""
from __future__ import annotations

import argparse
import datetime
import sys
from typing import Sequence

from hooks.rotation import rotate
from hooks.rotation import inventory as rotation
from hooks.config import add_config_arguments
from hooks.config import Config
from hooks.errors import UsageError

CONFIG_OPTIONS = ('inventory', 'b2b_prefixes')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('name', metavar='NAME', help='env variable of the secret (its inventory env_var)')
    parser.add_argument('--env-file', metavar='PATH',
                        help='the (untracked) env file holding the secret, rewritten in place')
    parser.add_argument('--keep', type=int, default=rotate.DEFAULT_KEEP, metavar='N',
                        help=f'previous values kept for dual-window secrets (default: {rotate.DEFAULT_KEEP})')
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
    inventory = rotation.load_inventory(config.inventory, today)
    if inventory is None:
        raise UsageError(f'{config.inventory}: no secrets inventory (see docs/rotation-runbook.md)')
    entry = inventory.get(args.name)
    if entry is None:
        raise UsageError(f'{args.name}: not in {config.inventory}: add an entry for it first')
    if not args.record and not args.env_file:
        raise UsageError('--env-file PATH is required (or --record to only record the date)')
    if args.record:
        plan = rotate.plan_record(inventory, entry, today)
    elif args.finish:
        plan = rotate.plan_finish(inventory, entry, args.env_file)
    elif args.rollback:
        plan = rotate.plan_rollback(inventory, entry, args.env_file)
    else:
        plan = rotate.plan_rotation(inventory, entry, args.env_file, today, args.keep, config.b2b_prefixes)

    if args.dry_run:
        print('dry run: nothing changed. Would change:')
        for change in plan.changes:
            print(f'  {change}')
        return 0
    rotate.apply(plan)
    verb = ('recorded' if args.record else 'finished the window of' if args.finish
            else 'rolled back' if args.rollback else 'rotated')
    print(f'{verb} {entry.env_var}:')
    for change in plan.changes:
        print(f'  {change}')
    if not args.record:
        print('\nNext:')
        for step in rotate.checklist(entry, args.env_file, args.finish, args.rollback):
            print(f'  {step}')
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.cli import main as cli_main

    return cli_main(['rotate', *(sys.argv[1:] if argv is None else argv)])
