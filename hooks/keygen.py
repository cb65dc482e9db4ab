"""`secret-hooks keygen`: mint a B2B API key (printed once, for the operator to store)."""
from __future__ import annotations

import argparse

from hooks import keys
from hooks.config import Config
from hooks.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--prefix', default=keys.DEFAULT_PREFIX, help='key prefix (default: b2b)')
    parser.add_argument('--env', choices=keys.ENVIRONMENTS, default='live', help='default: live')


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    try:
        key = keys.generate_key(args.prefix, args.env)
    except ValueError as e:
        raise UsageError(str(e)) from None
    # The one place a secret is printed: the user asked for a new key, on stdout only.
    print(key)
    return 0
