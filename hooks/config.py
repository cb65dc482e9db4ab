"""Configuration: `[tool.secret-hooks]` in pyproject.toml or `[secret-hooks]` in setup.cfg,
overridden by command-line options.  Unknown keys are an error, so a typo never silently
turns a check off.

Each list field declares its kind: a list of regexes (`exclude`, `legacy-key-patterns`,
`secret-name-patterns`) is never split on commas, since a regex may hold one (`x{1,3}`): one
regex per line in setup.cfg, per list item in pyproject.toml, per repeated option on the
command line.  A list of plain values (`b2b-prefixes`, `env-files`, `extra-placeholders`) may
also be comma-separated (`--b2b-prefixes b2b,acme`).
"""
from __future__ import annotations

import argparse
import configparser
import os
import re
import sys
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from typing import Any
from typing import Sequence

from hooks.errors import UsageError
from hooks.errors import shown_name

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


# The kind of a list field (its dataclass metadata 'kind'); see the module docstring.
REGEXES = 'regexes'   # one per line / item / option: never comma-split
VALUES = 'values'     # comma- or newline-separated


def _regexes() -> Any:
    return field(default_factory=list, metadata={'kind': REGEXES})


def _values(*default: str) -> Any:
    return field(default_factory=lambda: list(default), metadata={'kind': VALUES})


def list_kind(f: Any) -> str | None:
    """REGEXES or VALUES for a list field of Config, None for any other field."""
    return f.metadata.get('kind') if str(f.type).startswith('list') else None


@dataclass
class Config:
    # Where the allowlist lives, relative to the repository root.
    baseline: str = 'baseline.secrets'
    # B2B key prefixes (`b2b_live_...`) and legacy key formats, as regexes.
    b2b_prefixes: list[str] = _values('b2b')
    legacy_key_patterns: list[str] = _regexes()
    # Report B2B-shaped keys with a bad checksum too.
    strict: bool = False
    # Values that are placeholders in this codebase, on top of the built-in ones.
    extra_placeholders: list[str] = _values()
    # Extra regexes for secret-named settings (`vault_?blob`), on top of the built-in words.
    secret_name_patterns: list[str] = _regexes()
    # Paths never scanned (regexes, searched in the repo-relative path, as pre-commit's exclude).
    exclude: list[str] = _regexes()
    # Report documentation samples (scott:tiger, the jwt.io token) as findings.
    report_known_samples: bool = False
    # Unaudited baseline entries fail the drift check.
    require_audit: bool = False
    # check-env-files: extra env file names (globs) and whether a real `.env` may be committed.
    env_files: list[str] = _values()
    forbid_dotenv: bool = False
    # check-secret-fallbacks: an empty-string default is acceptable.
    allow_empty_fallback: bool = False
    # check-secret-rotation: the inventory file and how early to warn.
    inventory: str = 'secrets-inventory.yaml'
    rotation_warn_days: int = 14

    @classmethod
    def keys(cls) -> dict[str, Any]:
        return {f.name.replace('_', '-'): f for f in fields(cls)}

    def validate(self) -> 'Config':
        from hooks import keys  # local: keys has no dependency on config

        for prefix in self.b2b_prefixes:
            try:
                keys.validate_prefix(prefix)
            except ValueError as e:
                raise UsageError(f'config b2b-prefixes: {e}') from None
        for name in (f.name for f in fields(self) if list_kind(f) == REGEXES):
            for n, pattern in enumerate(getattr(self, name)):
                try:
                    re.compile(pattern)
                except re.error as e:
                    raise UsageError(
                        # The setting's name, never its value (it may hold a key's shape).
                        f'config {name.replace("_", "-")}: entry {n + 1} is not a valid regex: {e}',
                    ) from None
        if self.rotation_warn_days < 0:
            raise UsageError('config rotation-warn-days: must be 0 or more')
        return self


def _coerce(key: str, value: Any, f: Any, source: str) -> Any:
    kind = str(f.type)
    if kind == 'bool':
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {'true', 'yes', '1', 'on'}:
            return True
        if isinstance(value, str) and value.strip().lower() in {'false', 'no', '0', 'off'}:
            return False
    elif kind == 'int':
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
    elif kind.startswith('list'):
        if isinstance(value, str):  # setup.cfg: one per line (plain values: or comma-separated)
            return _split(value, list_kind(f), r'[\n,]')
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
    elif isinstance(value, str):
        return value.strip()
    raise UsageError(f'{source}: {key}: expected {kind.replace("list[str]", "a list of strings")}')


def _split(text: str, kind: str | None, separators: str) -> list[str]:
    """The items of one string: a regex list by lines only, plain values by `separators`."""
    parts = text.split('\n') if kind == REGEXES else re.split(separators, text)
    return [v.strip() for v in parts if v.strip()]


def _read_file_config(root: str) -> tuple[dict[str, Any], str]:
    pyproject = os.path.join(root, 'pyproject.toml')
    if os.path.isfile(pyproject):
        try:
            with open(pyproject, 'rb') as f:
                data = tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise UsageError(f'pyproject.toml: cannot read: {e}') from None
        section = data.get('tool', {}).get('secret-hooks')
        if section is not None:
            if not isinstance(section, dict):
                raise UsageError('pyproject.toml: [tool.secret-hooks] must be a table')
            return section, 'pyproject.toml [tool.secret-hooks]'
    setup_cfg = os.path.join(root, 'setup.cfg')
    if os.path.isfile(setup_cfg):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(setup_cfg, encoding='utf-8')
        except (configparser.Error, UnicodeDecodeError) as e:
            reason = str(e).splitlines()[0]
            raise UsageError(f'setup.cfg: cannot read: {reason}') from None
        if parser.has_section('secret-hooks'):
            return dict(parser.items('secret-hooks')), 'setup.cfg [secret-hooks]'
    return {}, ''


def load_config(root: str = '.', overrides: dict[str, Any] | None = None) -> Config:
    """The configuration of the repository at `root`, with `overrides` (from argv) on top."""
    values, source = _read_file_config(root)
    known = Config.keys()
    config = Config()
    for raw_key, value in values.items():
        key = raw_key.replace('_', '-')
        if key not in known:
            raise UsageError(
                f'{source}: unknown key {shown_name(raw_key)} (known: {", ".join(sorted(known))})',
            )
        f = known[key]
        setattr(config, f.name, _coerce(key, value, f, source))
    for name, value in (overrides or {}).items():
        if value is not None:
            setattr(config, name, value)
    return config.validate()


# Where add_config_arguments records, on the parsed arguments, the options a command takes.
CONFIG_OPTIONS_DEST = 'config_options'

# --help text of each option (the same key in pyproject.toml / setup.cfg).
OPTION_HELP = {
    'baseline': 'the baseline (allowlist) file (default: baseline.secrets)',
    'b2b_prefixes': 'B2B API key prefixes, repeatable or comma-separated (default: b2b)',
    'legacy_key_patterns': 'regex of a legacy API key format to report, repeatable',
    'strict': 'also report B2B-shaped keys whose checksum is wrong',
    'extra_placeholders': 'a value that is a placeholder in this codebase, repeatable',
    'secret_name_patterns': 'regex of extra secret setting names (vault_?blob), repeatable',  # pragma: allowlist secret
    'exclude': 'regex of paths never scanned, repeatable',
    'report_known_samples': 'also report documentation samples (scott:tiger, the jwt.io token)',
    'require_audit': 'unaudited baseline entries are drift',
    'env_files': 'glob of extra env file names, repeatable',
    'forbid_dotenv': 'fail on any committed env file that is not an example or template',
    'allow_empty_fallback': 'accept an empty-string fallback for a secret setting',
    'inventory': 'the secrets inventory file (default: secrets-inventory.yaml)',
    'rotation_warn_days': 'warn this many days before a rotation is due (default: 14)',
}


def add_config_arguments(parser: argparse.ArgumentParser, *names: str) -> None:
    """Command-line overrides for the named Config fields (`--baseline`, `--strict`, ...).

    The names are recorded on the parser (`config_options`), so `cli` builds the Config once
    for the command; a command that never calls this takes no configuration at all (`baseline
    merge`, run by git, must not fail on a broken config file), while a call without names
    means the configuration file only.
    """
    recorded = tuple(parser.get_default(CONFIG_OPTIONS_DEST) or ())
    parser.set_defaults(**{CONFIG_OPTIONS_DEST: (*recorded, *names)})
    defaults = {f.name: f for f in fields(Config)}
    for name in names:
        f = defaults[name]
        flag = '--' + name.replace('_', '-')
        kind = str(f.type)
        help_text = OPTION_HELP.get(name, name.replace('_', ' '))
        if kind == 'bool':
            parser.add_argument(flag, dest=name, action='store_true', default=None, help=help_text)
        elif kind.startswith('list'):
            # Repeatable; for plain values `--b2b-prefixes a,b` works as well as
            # `--b2b-prefixes a --b2b-prefixes b` (a regex is never split: see the docstring).
            parser.add_argument(flag, dest=name, action='append', default=None, metavar='VALUE',
                                help=help_text)
        elif kind == 'int':
            parser.add_argument(flag, dest=name, type=int, default=None, metavar='N', help=help_text)
        else:
            parser.add_argument(flag, dest=name, default=None, metavar='VALUE', help=help_text)


def config_from_args(args: argparse.Namespace, names: Sequence[str], root: str = '.') -> Config:
    known = {f.name: f for f in fields(Config)}
    overrides: dict[str, Any] = {}
    for name in names:
        value = getattr(args, name, None)
        if isinstance(value, list):
            value = [v for item in value for v in _split(item, list_kind(known[name]), ',')]
        overrides[name] = value
    return load_config(root, overrides)


def command_config(args: argparse.Namespace, root: str = '.') -> Config | None:
    """The Config of the command `args` were parsed for, or None when it takes none."""
    names = getattr(args, CONFIG_OPTIONS_DEST, None)
    return None if names is None else config_from_args(args, names, root)
