"""`secret-hooks check-fallbacks` (hook `check-secret-fallbacks`): secret settings that get a
hard-coded fallback or default value, in Python, Compose/YAML, Dockerfiles and shell scripts.

Python is read with `ast` (a regex cannot tell `os.getenv("X", "lit")` from a string that
mentions it; see hooks.pysource).  Compose files, Dockerfiles, shell scripts and other YAML are
not Python: there, `${NAME:-literal}` defaults are found with one bounded, linear-time regex per
line.
"""
from __future__ import annotations

import argparse
import ast
import itertools
import os
import re
from typing import Iterator

from hooks import rules
from hooks.config import Config
from hooks.findings import CheckFinding
from hooks.findings import add_file_arguments
from hooks.findings import run_check
from hooks.findings import without_allowlisted
from hooks.policy import DEFAULT_POLICY
from hooks.policy import FALLBACK
from hooks.policy import LITERAL
from hooks.policy import Policy
from hooks.policy import iter_substitution_defaults
from hooks.policy import unquote
from hooks.policy import value_problem
from hooks.pysource import DOCKERFILE
from hooks.pysource import FIELD_FUNCS
from hooks.pysource import PYTHON
from hooks.pysource import SUBSTITUTION
from hooks.pysource import PythonModule
from hooks.pysource import file_kind
from hooks.pysource import last_name
from hooks.pysource import str_constant

# ---------------------------------------------------------------------------------------------
# The check.
# ---------------------------------------------------------------------------------------------

_SETTINGS_MODULE_RE = re.compile(
    r'(?:^|/)(?:settings|config|configs|conf|configuration)/|'
    r'(?:^|/)[^/]{0,200}(?:settings|config)[^/]{0,200}\.py$',
    re.IGNORECASE,
)


def _is_settings_module(filename: str) -> bool:
    """`settings.py`, `config.py`, `local_settings.py`, `settings/prod.py`, ... (not tests)."""
    path = filename.replace(os.sep, '/')
    if rules.TEST_MODULE_RE.search(path):
        return False
    return bool(_SETTINGS_MODULE_RE.search(path))


def _dict_items(path: str, node: ast.Dict, depth: int = 0) -> Iterator[tuple[str, str, ast.expr]]:
    """(`NAME["a"]["b"]`, "b", value) for each string-keyed item of nested dict literals."""
    for k, v in zip(node.keys, node.values):
        key = str_constant(k)
        if key is None:
            continue
        where = f'{path}["{key}"]'
        if isinstance(v, ast.Dict) and depth < 5:
            yield from _dict_items(where, v, depth + 1)
        else:
            yield where, key, v


def check_python(filename: str, text: str, policy: Policy = DEFAULT_POLICY) -> list[CheckFinding]:
    """Fallback findings in Python source.  Raises PythonSyntaxError when it does not parse."""
    module = PythonModule(filename, text)
    found: list[CheckFinding] = []

    def judge(setting: str, name: str, literal: tuple[str, int] | None, form: str) -> None:
        if literal is None:
            return
        problem = value_problem(name, literal[0], policy, policy.allow_empty_fallback)
        if problem:
            problem = FALLBACK if problem == LITERAL else problem
            found.append(CheckFinding(filename, literal[1], setting, f'{problem} ({form})'))

    for read in module.iter_env_reads():
        if read.default is not None and policy.is_secret_name(read.name):
            judge(read.name, read.name, module.literal(read.default), f'{read.form} default')
    for read, operand in module.iter_or_fallbacks():
        if policy.is_secret_name(read.name):
            judge(read.name, read.name, module.literal(operand), f'{read.form}(...) or ...')
    for f in module.iter_fields():
        if any(policy.is_secret_name(n) for n in (f.name, *f.aliases)):
            default = module.field_default(f.value)
            if default:
                judge(f'{f.owner}.{f.name}', f.name, default[:2], default[2])
    if _is_settings_module(filename):
        for name, value, _ in module.iter_module_assignments():
            if isinstance(value, ast.Dict):  # Django: DATABASES = {"default": {"PASSWORD": ...}}
                for setting, key, item in _dict_items(name, value):
                    if policy.is_secret_name(key):
                        judge(setting, key, module.literal(item), 'settings module constant')
            elif policy.is_secret_name(name) and not (
                isinstance(value, ast.Call) and last_name(value.func) in FIELD_FUNCS
            ):
                judge(name, name, module.literal(value), 'settings module constant')
    return found


_DOCKER_INSTRUCTION_RE = re.compile(r'[ \t]{0,100}(?P<instr>ARG|ENV)[ \t]{1,100}(?P<rest>[^\n]*)', re.IGNORECASE)
# One ARG/ENV word: unquoted characters and quoted runs (alternatives start on disjoint characters).
_DOCKER_WORD_RE = re.compile(r'''(?:[^\s"']|"[^"\n]{0,1000}"|'[^'\n]{0,1000}'){1,2000}''')
_DOCKER_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]{0,100}')
_DOCKER_LEGACY_ENV_RE = re.compile(r'(?P<name>[A-Za-z_][A-Za-z0-9_]{0,100})[ \t]{1,100}(?P<v>[^\n]{1,1000})')


def docker_defaults(line: str) -> Iterator[tuple[str, str, str | None]]:
    """(instruction, name, literal) of `ARG NAME=value` / `ENV NAME=value` / `ENV NAME value`;
    the literal is None for a bare `ARG NAME`."""
    m = _DOCKER_INSTRUCTION_RE.match(line)
    if not m:
        return
    instr, rest = m.group('instr').upper(), m.group('rest')
    # No real instruction has a thousand words: the cap keeps an adversarial line cheap.
    words = [w.group() for w in itertools.islice(_DOCKER_WORD_RE.finditer(rest), 1000)]
    if instr == 'ENV' and words and '=' not in words[0]:
        legacy = _DOCKER_LEGACY_ENV_RE.match(rest)
        if legacy:
            yield instr, legacy.group('name'), legacy.group('v').strip()
        return
    for word in words:
        name, eq, value = word.partition('=')
        if not _DOCKER_NAME_RE.fullmatch(name) or (not eq and instr != 'ARG'):
            continue
        yield instr, name, unquote(value) if eq else None


def check_substitutions(
        filename: str, text: str, policy: Policy = DEFAULT_POLICY, dockerfile: bool = False,
) -> list[CheckFinding]:
    """`${SECRET:-literal}` defaults (and Dockerfile `ARG/ENV SECRET=literal`) in a text file."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if '${' in line:
            for name, default, _, _ in iter_substitution_defaults(line):
                if policy.is_secret_name(name):
                    # `${X:-}` is `${X}`: unset or empty gives "" either way, so no fallback.
                    problem = value_problem(name, default, policy, allow_empty=True)
                    if problem:
                        problem = FALLBACK if problem == LITERAL else problem
                        found.append(CheckFinding(
                            filename, number, name, f'{problem} (${{{name}:-...}} default)',
                        ))
        if dockerfile:
            for instr, name, value in docker_defaults(line):
                if value is not None and policy.is_secret_name(name) and not value.startswith('${'):
                    # An empty ARG/ENV is "set it at build/run time", not a fallback.
                    problem = value_problem(name, value, policy, allow_empty=True)
                    if problem:
                        found.append(CheckFinding(filename, number, name, f'{problem} (Dockerfile {instr})'))
    return found


def check_text(filename: str, text: str, policy: Policy = DEFAULT_POLICY) -> list[CheckFinding]:
    """Fallback findings in one file, by its kind (none for kinds this check does not read).
    Raises PythonSyntaxError for Python that does not parse."""
    kind = file_kind(filename, text)
    if kind == PYTHON:
        found = check_python(filename, text, policy)
    elif kind in (SUBSTITUTION, DOCKERFILE):
        found = check_substitutions(filename, text, policy, dockerfile=kind == DOCKERFILE)
    else:
        return []
    return without_allowlisted(found, text)


# ---------------------------------------------------------------------------------------------
# The command.
# ---------------------------------------------------------------------------------------------

CONFIG_OPTIONS = ('secret_name_patterns', 'extra_placeholders', 'allow_empty_fallback', 'exclude')

FIX = (
    'Fix: read each secret from the environment with no default, so a missing value stops the '
    'app at start-up (os.environ["NAME"], a pydantic field without a default, ${NAME:?set NAME} '
    'in Compose); keep development values in an uncommitted .env. A placeholder (changethis) or '
    'a value made at run time (secrets.token_urlsafe) is accepted; a false positive can be '
    'marked `# pragma: allowlist secret` on its line.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser, 'files to check (default: every file git tracks)', CONFIG_OPTIONS)


def run(args: argparse.Namespace, config: Config) -> int:
    policy = Policy.from_config(config)

    def check(filename: str, text: str) -> list[CheckFinding]:
        # No secret-named setting in a file, so no fallback to find: it is not even parsed.
        return check_text(filename, text, policy) if policy.names.may_occur_in(text) else []

    return run_check(args, config.exclude, check, 'hard-coded secret fallback', FIX)
