"""`secret-hooks` and its subcommands.  Each pre-commit hook is one of them.

Every command returns 0 (clean), 1 (findings / drift) or 2 (cannot run as asked, with a one-line
reason).  No traceback reaches the user: it could quote a secret, and it hides the reason.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import Sequence

from hooks.errors import UsageError

# name -> (module with add_arguments(parser) and run(args, config) -> int, one-line help); the
# config is None for a command whose parser took no config options (hooks.config).
COMMANDS = {
    'scan': (
        'hooks.scan.command',
        'scan files for secrets not allowed by the baseline (hook: scan-secrets)',
    ),
    'baseline': (
        'hooks.baseline.command',
        'the baseline (allowlist): create, update, check (hook: check-baseline), merge, audit',
    ),
    'keygen': (
        'hooks.keygen',
        'mint a B2B API key in the checksummed format',
    ),
    'check-fallbacks': (
        'hooks.fallbacks',
        'hard-coded fallback values for secret settings (hook: check-secret-fallbacks)',
    ),
    'check-env-files': (
        'hooks.env_files',
        'committed env files: secret-named keys hold placeholders only (hook: check-env-files)',
    ),
    'check-rotation': (
        'hooks.rotation.check',
        'check the secrets inventory: overdue rotations, secrets not inventoried (hook: check-secret-rotation)',
    ),
    'check-logging': (
        'hooks.secret_logging',
        'secret values reaching logs, print or exception messages in Python (hook: check-secret-logging)',
    ),
    'init': (
        'hooks.init',
        'set a repository up: pre-commit config, first scan and baseline, secrets inventory, merge driver (safe to re-run)',
    ),
    'check-all': (
        'hooks.check_all',
        'every commit-stage check in one process, each on the files its own hook would get (hook: secret-hooks-all)',
    ),
    'rotate': (
        'hooks.rotation.rotate',
        'rotate a secret in an env file (dual-window), --finish the window, or --record a rotation',
    ),
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


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _options_given_as_paths(args: argparse.Namespace, argv: list[str]) -> None:
    """`args: [--forbid-dotenv]` in a pre-commit config lands after the entry's `--`, as a
    path: say where options go rather than report a missing file (or ignore the option)."""
    if '--' not in argv:
        return
    for path in getattr(args, 'filenames', None) or ():
        if path.startswith('-') and not os.path.lexists(path):
            raise UsageError(
                f'{path}: no such file (after `--` everything is a file name; the hooks end their '
                'entry with `--`, so set options in pyproject.toml [tool.secret-hooks] or '
                'setup.cfg [secret-hooks], not in `args:`)',
            )


def main(argv: Sequence[str] | None = None) -> int:
    from hooks import offline

    offline.install()  # before detect-secrets is imported: no network, faster start
    argv = list(sys.argv[1:] if argv is None else argv)
    # Build only the parser we need: `secret-hooks scan` does not import the other commands.
    name = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser({name: COMMANDS[name]} if name else None)
    try:
        # Every option is declared (no pass-through of unknown ones): after `--`, as the hooks
        # end their entries, a file name (`--exclude=.`, `--no-baseline`) is only ever a path.
        args = parser.parse_args(argv)
        _options_given_as_paths(args, argv)
        from hooks.config import command_config

        # Resolved once here, for every command: `run(args, config)`.
        return int(args.run(args, command_config(args)))
    except UsageError as e:
        print(f'secret-hooks: error: {e}', file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop writing; stdout cannot be flushed at exit either.
        _silence_stdout()
        print('secret-hooks: error: output closed before it was complete (broken pipe)', file=sys.stderr)
        return 2
    except RecursionError:
        print('secret-hooks: error: input nested too deeply to read (JSON/YAML deeper than '
              f'{sys.getrecursionlimit()} levels)', file=sys.stderr)
        return 2
    except OSError as e:  # a missing directory, a directory where a file was expected, a full disk
        where = f'{e.filename}: ' if isinstance(e.filename, str) else ''
        print(f'secret-hooks: error: {where}{e.strerror or type(e).__name__}', file=sys.stderr)
        return 2
    except Exception as e:  # a bug: say so in one line, without the message (it may hold a value)
        from hooks import isolation

        if isolation.debug():
            for line in isolation.redacted_traceback(e):
                print(line, file=sys.stderr)
        print(
            f'secret-hooks: internal error ({type(e).__name__}); rerun with SECRET_HOOKS_DEBUG=1 '
            'for a traceback and report it',
            file=sys.stderr,
        )
        return 2


def run() -> int:
    """`main()` as the `secret-hooks` process runs it (its console script): the process then
    ends without the interpreter's last collection of everything it holds (40-60 ms at the
    end of a history scan, 25-45 ms at the end of every hook).  Whatever the run wrote is
    flushed as before; only objects caught in reference cycles go unfreed, and the process
    is ending."""
    code = main()
    gc.freeze()
    return code


if __name__ == '__main__':
    raise SystemExit(run())
