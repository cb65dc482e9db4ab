"""`secret-hooks check-rotation` (hook `check-secret-rotation`): the repository against its
secrets inventory (hooks.rotation.inventory).

Fails (exit 1) on an overdue rotation, on a secret-named variable in use (code, Compose files,
committed env files) but not inventoried, on an inventoried secret nothing uses, and on a
dual-window secret whose previous-values variable is missing from an env file that declares
it.  Warns (exit 0) `rotation-warn-days` before a rotation is due.  With no inventory and no
secret-named variable in use it passes with a note; with secrets in use but no inventory it
fails, saying how to start one.  Test code (rules.TEST_PATH_RE) is skipped unless
--include-tests.
"""
from __future__ import annotations

import argparse
import ast
import datetime
import os
import re
from dataclasses import dataclass
from dataclasses import field
from typing import Callable
from typing import Iterable
from typing import Sequence

from hooks import dotenv as envfile
from hooks import isolation
from hooks.config import Config
from hooks.config import add_config_arguments
from hooks.files import iter_texts
from hooks.files import repository_files
from hooks.findings import CheckFinding
from hooks.findings import report
from hooks.policy import SUBSTITUTION_NAME_RE
from hooks.pysource import DOCKERFILE
from hooks.pysource import ENV
from hooks.pysource import PYTHON
from hooks.pysource import SUBSTITUTION
from hooks.pysource import PythonModule
from hooks.pysource import PythonSyntaxError
from hooks.pysource import file_kind
from hooks.rotation.inventory import FORMAT_DOC
from hooks.rotation.inventory import Entry
from hooks.rotation.inventory import Inventory
from hooks.rotation.inventory import load_inventory
from hooks.rules import PUBLIC_BY_DESIGN_RE
from hooks.rules import TEST_PATH_RE
from hooks.rules import SecretNames

# ---------------------------------------------------------------------------------------------
# Which variables a file uses
# ---------------------------------------------------------------------------------------------

# ${NAME}, ${NAME:-x}, $NAME (not $$NAME, Compose's escape).  A value built from other variables
# (`postgresql://app:${POSTGRES_PASSWORD}@db/app`) is not a secret of its own: the variables it
# is built from are.
_REFERENCE_RE = re.compile(r'(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]{0,200})')
# `- NAME=...` and `NAME: ...` keys of a Compose environment list/mapping (upper-case keys only,
# so `image:` is not a variable), without and with their value.
_COMPOSE_KEY_RE = re.compile(r'^[ \t]*(?:-[ \t]*)?["\']?([A-Z_][A-Z0-9_]{0,200})["\']?[ \t]*[=:]')
_COMPOSE_ASSIGN_RE = re.compile(
    r'^[ \t]*(?:-[ \t]*)?["\']?([A-Z_][A-Z0-9_]{0,200})["\']?[ \t]*[=:][ \t]*(\S[^\n]{0,4000})$')
# process.env.NAME, process.env["NAME"], import.meta.env.NAME (frontend code).
_JS_REF_RE = re.compile(r'''(?:process\.env|import\.meta\.env)(?:\.|\[["'])([A-Za-z_][A-Za-z0-9_]{0,200})''')

COMPOSE_NAME_RE = re.compile(r'(?:^|[-_.])compose(?:[-_.][\w.\-]{0,100})?\.ya?ml$')
JS_EXTENSIONS = ('.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.vue', '.svelte')


def _built_from_others(name: str, value: str) -> bool:
    """`DATABASE_URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db/app` is; a
    pass-through of the variable itself (`POSTGRES_PASSWORD=${POSTGRES_PASSWORD?unset}`) is not."""
    return bool({m.group(1).upper() for m in _REFERENCE_RE.finditer(value)} - {name.upper()})


def _line_uses(text: str, patterns: Sequence[re.Pattern[str]]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in patterns:
            found.extend((m.group(1), number) for m in pattern.finditer(line))
    return found


def used_env_variables(filename: str, text: str, errors: list[str] | None = None) -> list[tuple[str, int]]:
    """Every environment variable / settings field `text` reads, as (name, line), by line.

    - Python: `os.getenv`, `os.environ.get/setdefault/pop/[...]`, `"X" in os.environ`,
      `getenv`/`environ` imported from os, decouple `config("X")`, environs `env("X")`; and the
      fields of pydantic-settings classes (`BaseSettings` subclasses, classes named *Settings),
      as the environment variable they read: alias if any, else env_prefix + name, upper-cased.
    - Shell, Dockerfiles, Compose and other YAML: every `${X...}` (and Dockerfile ARG/ENV
      names); Compose files also `environment:` keys and bare `$X`.
    - Frontend code: `process.env.X`, `import.meta.env.X`.
    - Env files: every key.
    Python that does not parse yields [], and its one-line error is added to `errors` when
    given.  Names are as written; pydantic matches them case-insensitively, so compare with
    `.upper()`.
    """
    from hooks.fallbacks import docker_defaults

    kind = file_kind(filename, text)
    used: list[tuple[str, int]] = []
    if kind == PYTHON:
        try:
            module = PythonModule(filename, text)
        except PythonSyntaxError as e:
            if errors is not None:
                errors.append(e.report(filename))
            return []
        used.extend((r.name, r.line) for r in module.iter_env_reads())
        for cls in ast.walk(module.tree):
            if isinstance(cls, ast.ClassDef) and module.class_kind(cls)[1]:
                prefix = module.env_prefix(cls)
                for f in module.fields_of(cls):
                    name = f.aliases[0] if f.aliases else prefix + f.name
                    used.append((name.upper(), f.line))
    elif kind in (SUBSTITUTION, DOCKERFILE):
        for number, line in enumerate(text.splitlines(), start=1):
            if '${' in line:
                used.extend((m.group('name'), number) for m in SUBSTITUTION_NAME_RE.finditer(line))
            if kind == DOCKERFILE:
                used.extend((name, number) for _, name, _ in docker_defaults(line))
    elif kind == ENV:
        used.extend((e.name, e.line_number) for e in envfile.parse(text))
    base = os.path.basename(filename).lower()
    if COMPOSE_NAME_RE.search(base):
        used.extend(_line_uses(text, (_REFERENCE_RE, _COMPOSE_KEY_RE)))
    elif base.endswith(JS_EXTENSIONS):
        used.extend(_line_uses(text, (_JS_REF_RE,)))
    return sorted(set(used), key=lambda u: (u[1], u[0]))


def used_env_variables_applies(path: str) -> bool:
    """Whether `used_env_variables` may find anything in `path` (else it is not even opened)."""
    base = os.path.basename(path).lower()
    return (base.endswith(JS_EXTENSIONS) or bool(COMPOSE_NAME_RE.search(base))
            or file_kind(path) is not None or '.' not in base)  # extensionless: maybe a script


# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------

@dataclass
class CheckResult:
    problems: list[CheckFinding]
    warnings: list[CheckFinding]     # CheckFinding.warning set: shown, not failing
    notes: list[str]
    errors: list[str] = field(default_factory=list)  # `path: reason` of files not read


@dataclass(frozen=True)
class Use:
    """A variable a file uses (not a finding: most uses are fine)."""

    path: str
    line: int
    name: str


def collect_uses(files: Iterable[tuple[str, str]], env_patterns: Sequence[str] = (),
                 derived: set[str] | None = None,
                 errors: list[str] | None = None) -> tuple[list[Use], dict[str, list[envfile.EnvEntry]]]:
    """Variables the files use, and the entries of each committed env file.  Names whose value
    an env file or Compose file builds from other variables are added to `derived`.  A file
    that cannot be parsed, or fails unexpectedly, is one line in `errors` (when given); the
    others are read."""
    uses: list[Use] = []
    env_files: dict[str, list[envfile.EnvEntry]] = {}
    sink: list[str] = [] if errors is None else errors
    for path, text in files:
        with isolation.per_file(path, sink):
            if envfile.is_env_file(path, env_patterns):
                entries = envfile.parse(text)
                env_files[path] = entries
                uses.extend(Use(path, e.line_number, e.name) for e in entries)
                # A value built from other variables uses them: REDIS_URL=redis://:${REDIS_PASSWORD}@...
                uses.extend(Use(path, e.line_number, m.group(1)) for e in entries
                            for m in _REFERENCE_RE.finditer(e.value))
                if derived is not None:
                    derived.update(e.name.upper() for e in entries if _built_from_others(e.name, e.value))
            else:
                uses.extend(Use(path, line, name) for name, line in used_env_variables(path, text, sink))
                if derived is not None and COMPOSE_NAME_RE.search(os.path.basename(path).lower()):
                    for line in text.splitlines():
                        m = _COMPOSE_ASSIGN_RE.match(line)
                        if m and _built_from_others(m.group(1), m.group(2)):
                            derived.add(m.group(1).upper())
    return uses, env_files


def _rotate_hint(entry: Entry) -> str:
    if entry.format == 'external':
        return (f'rotate it at its provider, then `secret-hooks rotate {entry.env_var} --record`; '
                'see docs/rotation-runbook.md')
    return f'run `secret-hooks rotate {entry.env_var} --env-file <env file>`; see docs/rotation-runbook.md'


def check(
    inventory: Inventory | None,
    inventory_path: str,
    files: Iterable[tuple[str, str]],
    today: datetime.date,
    warn_days: int = 14,
    secret_names: SecretNames | None = None,
    env_patterns: Sequence[str] = (),
) -> CheckResult:
    """`files` are (repo-relative path, text) of the files to read for variable uses."""
    names = secret_names or SecretNames()
    result = CheckResult(problems=[], warnings=[], notes=[])
    derived: set[str] = set()
    uses, env_files = collect_uses(files, env_patterns, derived, result.errors)

    covered = inventory.covered_names() if inventory else set()
    reported: set[tuple[str, str]] = set()
    missing: list[CheckFinding] = []
    for use in sorted(uses, key=lambda u: (u.path, u.line, u.name)):
        key = (use.path, use.name.upper())
        if (key in reported or use.name.upper() in covered or not names.is_secret_name(use.name)
                or not is_own_secret(use.name, derived)):
            continue
        reported.add(key)
        if inventory is None:
            why = 'secret-named variable in use, and there is no secrets inventory'
        elif '_PREVIOUS_' in f'_{use.name.upper()}_':
            why = (f'not in {inventory_path}: set it as `previous_env_var` of the secret whose '
                   'previous values it holds, or add an entry for it')
        else:
            why = f'secret-named variable in use but not in {inventory_path}: add an entry for it'
        missing.append(CheckFinding(use.path, use.line, use.name, why))
    result.problems.extend(missing)

    if inventory is None:
        if missing:
            result.notes.append(
                f'start the inventory: create {inventory_path} with one entry per secret '
                f'(`secret-hooks init` writes one to review; format: {FORMAT_DOC}), '
                'or set `inventory` in the config',
            )
        else:
            result.notes.append(f'no {inventory_path} and no secret-named variables in use: nothing to check')
        return result

    used_names = {u.name.upper() for u in uses}
    for entry in inventory.entries:
        if not {entry.env_var.upper(), (entry.previous_env_var or '').upper()} & used_names:
            result.problems.append(CheckFinding(
                inventory_path, entry.line, entry.env_var,
                'in the inventory but not used by any code, Compose file or env example: '
                'remove the entry, or declare the variable in a committed env example',
            ))
        due = entry.due()
        left = (due - today).days
        when = f'last rotated {entry.last_rotated.isoformat()}, every {entry.rotation_days} days'
        if left < 0:
            result.problems.append(CheckFinding(
                inventory_path, entry.last_rotated_line, entry.env_var,
                f'rotation overdue by {-left} days ({when}): {_rotate_hint(entry)}',
            ))
        elif left <= warn_days:
            result.warnings.append(CheckFinding(
                inventory_path, entry.last_rotated_line, entry.env_var,
                f'rotation due in {left} days, on {due.isoformat()} ({when})', warning=True,
            ))
        if entry.strategy != 'dual-window' or not entry.previous_env_var:
            continue
        for path, entries in sorted(env_files.items()):
            declared = {e.name.upper(): e for e in entries}
            mine = declared.get(entry.env_var.upper())
            if mine is not None and entry.previous_env_var.upper() not in declared:
                result.problems.append(CheckFinding(
                    path, mine.line_number, entry.env_var,
                    f'dual-window secret without its previous-values variable: add '
                    f'`{entry.previous_env_var}=` (empty) to this file',
                ))
    result.problems.sort(key=lambda m: (m.path, m.line, m.setting))
    return result


def is_own_secret(name: str, derived: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Whether a secret-named variable is a secret to inventory: not a value built from other
    variables, not a setting that is public by design (SENTRY_DSN)."""
    return name.upper() not in derived and not PUBLIC_BY_DESIGN_RE.search(name)


def wanted(include_tests: bool = False, env_patterns: Sequence[str] = ()) -> Callable[[str], bool]:
    """Which files the check reads, by name: env files and files `used_env_variables` reads,
    not test code (unless `include_tests`)."""
    return lambda name: (include_tests or not TEST_PATH_RE.search(name)) and (
        envfile.is_env_file(name, env_patterns) or used_env_variables_applies(name))


def _names_any(names: list[str], text: str) -> bool:
    if not names:
        return False
    upper = text.upper()
    return any(name in upper for name in names)


def check_repository(
    config: Config, today: datetime.date, warn_days: int, include_tests: bool = False,
) -> tuple[Inventory | None, CheckResult]:
    """The inventory and the check of every tracked file against it; files not read (and
    Python that does not parse) are in the result's errors."""
    inventory = load_inventory(config.inventory, today)
    names = SecretNames(config.secret_name_patterns)
    inventoried = [n.upper() for n in (inventory.covered_names() if inventory else ())]
    unreadable: list[str] = []
    # Every commit reads the whole repository: a file that names no secret and no inventoried
    # variable cannot change the result, so it is not parsed.
    files = (
        (path, text) for path, text in iter_texts(
            repository_files(), unreadable, config.exclude, wanted(include_tests, config.env_files))
        if names.may_occur_in(text) or _names_any(inventoried, text)
    )
    result = check(inventory, config.inventory, files, today, warn_days, names, config.env_files)
    result.errors[:0] = unreadable
    return inventory, result


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------

CONFIG_OPTIONS = ('inventory', 'rotation_warn_days', 'secret_name_patterns', 'env_files', 'exclude')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # pre-commit passes no file names (pass_filenames: false); accepted and ignored otherwise:
    # the check is about the whole repository.
    parser.add_argument('filenames', nargs='*', metavar='FILE', help=argparse.SUPPRESS)
    parser.add_argument('--include-tests', action='store_true',
                        help='also count variables used by test code (skipped by default)')
    add_config_arguments(parser, *CONFIG_OPTIONS)


def run(args: argparse.Namespace, config: Config) -> int:
    _, result = check_repository(config, datetime.date.today(), config.rotation_warn_days,
                                 args.include_tests)
    # Files not read: their variables were not counted (exit 2).
    return report(
        result.problems + result.warnings, result.errors, 'rotation problem', '', result.notes,
        summary=lambda problems: (f'{len(problems)} rotation problem(s). The inventory format: '
                                  f'{FORMAT_DOC}; rotation and rollback: the same runbook.'),
    )
