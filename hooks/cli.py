"""`secret-hooks` and its subcommands.  Each pre-commit hook is one of them.

Every command returns 0 (clean), 1 (findings / drift) or 2 (cannot run as asked, with a one-line
reason).  No traceback reaches the user: it could quote a secret, and it hides the reason.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

from hooks.errors import UsageError

# name -> (module with add_arguments(parser) and run(args) -> int, one-line help)
COMMANDS = {
    'scan': ('hooks.commands.scan', 'scan files for secrets not allowed by the baseline (hook: scan-secrets)'),
    'baseline': ('hooks.commands.baseline', 'the baseline (allowlist): create, update, check (hook: check-baseline), merge, audit'),
    'keygen': ('hooks.commands.keygen', 'mint a B2B API key in the checksummed format'),
    'check-fallbacks': ('hooks.commands.check_fallbacks', 'hard-coded fallback values for secret settings (hook: check-secret-fallbacks)'),
    'check-env-files': ('hooks.commands.check_env_files', 'committed env files: secret-named keys hold placeholders only (hook: check-env-files)'),
    'check-rotation': ('hooks.commands.check_rotation', 'check the secrets inventory: overdue rotations, secrets not inventoried (hook: check-secret-rotation)'),
    'init': ('hooks.commands.init', 'set a repository up: pre-commit config, first scan and baseline, secrets inventory, merge driver (safe to re-run)'),
    'rotate': ('hooks.commands.rotate', 'rotate a secret in an env file (dual-window), --finish the window, or --record a rotation'),
}


def build_parser(commands: dict[str, tuple[str, str]] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='secret-hooks',
        description='Keep secrets out of a codebase: pre-commit hooks on top of detect-secrets.',
    )
    from hooks import __version__ as version

    parser.add_argument('--version', action='version', version=f'secret-hooks {version}')
    sub = parser.add_subparsers(dest='command', metavar='COMMAND')
    sub.required = True
    for name, (module_name, help_text) in (commands or COMMANDS).items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from hooks import offline

    offline.install()  # before detect-secrets is imported: no network, faster start
    argv = list(sys.argv[1:] if argv is None else argv)
    # Build only the parser we need: `secret-hooks scan` does not import the other commands.
    name = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser({name: COMMANDS[name]} if name else None)
    try:
        # A passthrough command (`baseline audit`) takes the options it does not know itself.
        args, extra = parser.parse_known_args(argv)
        if extra:
            if not hasattr(args, 'passthrough'):
                parser.error(f'unrecognized arguments: {" ".join(extra)}')
            args.passthrough = [*args.passthrough, *extra]
        return int(args.run(args))
    except UsageError as e:
        print(f'secret-hooks: error: {e}', file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug: say so in one line, without the message (it may hold a value)
        if os.environ.get('SECRET_HOOKS_DEBUG'):
            raise
        print(
            f'secret-hooks: internal error ({type(e).__name__}); rerun with SECRET_HOOKS_DEBUG=1 '
            'for a traceback and report it',
            file=sys.stderr,
        )
        return 2


if __name__ == '__main__':
    raise SystemExit(main())
