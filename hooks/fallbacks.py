"""`check-secret-fallbacks`: secret settings that get a hard-coded fallback or default value.

Python is read with `ast` (a regex cannot tell `os.getenv("X", "lit")` from a string that
mentions it).  Compose files, Dockerfiles, shell scripts and other YAML are not Python: there,
`${NAME:-literal}` defaults are found with one bounded, linear-time regex per line.

Also home of `used_env_variables(filename, text)`: every environment variable / settings field a
file reads, for the rotation check's "used but not inventoried".
"""
from __future__ import annotations

import ast
import itertools
import os
import re
import sys
from dataclasses import dataclass
from typing import Iterable
from typing import Iterator
from typing import NamedTuple

from identify.identify import tags_from_filename

from hooks import dotenv as envfile
from hooks import rules
from hooks.findings import CheckFinding
from hooks.config import Config

ALLOWLIST_PRAGMA_RE = re.compile(r'pragma:\s{0,5}allowlist[ \-]secret', re.IGNORECASE)



@dataclass(frozen=True)
class Policy:
    """What counts as a secret name and as an acceptable value (from the configuration)."""

    names: rules.SecretNames
    extra_placeholders: tuple[str, ...] = ()
    allow_empty_fallback: bool = False

    @classmethod
    def from_config(cls, config: Config) -> 'Policy':
        return cls(
            names=rules.SecretNames(config.secret_name_patterns),
            extra_placeholders=tuple(config.extra_placeholders),
            allow_empty_fallback=config.allow_empty_fallback,
        )

    def is_secret_name(self, name: str) -> bool:
        return self.names.is_secret_name(name)


DEFAULT_POLICY = Policy(names=rules.DEFAULT_SECRET_NAMES)

# ---------------------------------------------------------------------------------------------
# Judging one value (shared with check-env-files).
# ---------------------------------------------------------------------------------------------

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:=default}, ${NAME:?message}, ${NAME:+alt}.
# The default may hold `$` but not a nested `${`: the inner expression is matched on its own.
# Each part is bounded and the alternatives start on disjoint characters: linear time.
SUBSTITUTION_RE = re.compile(
    r'\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]{0,100})'
    r'(?:(?P<op>:?[-=?+])(?P<value>(?:[^${}\n]|\$(?!\{)){0,1000}))?\}'
)
# Any `${NAME` opening (also the outer one of a nested `${A:-${B}}`).
SUBSTITUTION_NAME_RE = re.compile(r'\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]{0,100})(?=[}:?+=\-])')
FALLBACK_OPS = frozenset({'-', ':-', '=', ':='})
_URL_SCHEME_RE = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]{0,30}://')
_URL_NAME_PARTS = frozenset({'url', 'uri', 'dsn', 'dburl', 'databaseurl'})

EMPTY = 'empty-string fallback'
LITERAL = 'hard-coded value'
FALLBACK = 'hard-coded fallback value'
IN_URL = 'hard-coded password in a connection URL'


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in '\'"':
        return value[1:-1]
    return value


def iter_substitution_defaults(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(name, literal default, start, end) of each `${NAME:-default}` / `${NAME=default}`."""
    for m in SUBSTITUTION_RE.finditer(text):
        if m.group('op') in FALLBACK_OPS:
            yield m.group('name'), m.group('value'), m.start(), m.end()


def value_problem(
        name: str, value: str, policy: Policy, allow_empty: bool, url_only: bool = False,
) -> str | None:
    """Why `value` must not be the (default) value of setting `name`, or None when it is fine.

    Fine: a placeholder, a documented sample, a reference (`${OTHER}`), a URL without a
    literal password, and (when `allow_empty`) an empty string.  With `url_only` (or a URL-named
    setting: `DATABASE_URL`, `SENTRY_DSN`) only a connection URL's password can be a problem.
    """
    value = _unquote(value)
    url_only = url_only or bool(_URL_NAME_PARTS & set(rules.name_parts(name)))
    if not value:  # an empty URL holds no credential; an empty secret is a weak one
        return None if allow_empty or url_only else EMPTY
    # A reference with a literal default is judged by that default: `${OTHER:-devsecret}` as
    # the whole value, or a secret-named one inside it: `postgresql://app:${DB_PASSWORD:-pw}@db`.
    for ref_name, default, start, end in iter_substitution_defaults(value):
        whole = start == 0 and end == len(value)
        if (whole or policy.is_secret_name(ref_name)) and value_problem(
            name if whole else ref_name, default, policy, allow_empty=True, url_only=url_only and whole,
        ):
            return f'hard-coded fallback in ${{{ref_name}:-...}}'
    from hooks.detectors.db_url import iter_credentials  # loads detect-secrets: only when needed

    credentials = list(iter_credentials(value))
    if credentials or url_only or _URL_SCHEME_RE.match(value):
        # A connection URL is a secret only for its password (the DB-URL plugin's rule).
        for c in credentials:
            if not rules.is_placeholder(c.password, policy.extra_placeholders) and not (
                rules.is_known_sample_credential(c.user, c.password, c.host)
            ):
                return IN_URL
        return None
    if rules.is_placeholder_value(value, name, policy.extra_placeholders) or rules.is_known_sample_value(value):
        return None
    return LITERAL


# ---------------------------------------------------------------------------------------------
# Which reader a file needs.
# ---------------------------------------------------------------------------------------------

PYTHON = 'python'
SUBSTITUTION = 'substitution'   # shell, Dockerfile, Compose and other YAML: ${X:-default}
DOCKERFILE = 'dockerfile'       # ${X:-default}, plus ARG/ENV defaults
ENV = 'env'                     # env files (used_env_variables only; check-env-files judges them)

_SHEBANG_RE = re.compile(r'#![^\n]{0,200}?\b(?P<interp>python[0-9.]{0,5}|bash|sh|zsh|dash|ksh)\b')


def file_kind(filename: str, text: str = '') -> str | None:
    """How to read `filename`: PYTHON, DOCKERFILE, SUBSTITUTION, ENV, or None (not ours)."""
    tags = tags_from_filename(os.path.basename(filename))
    if 'python' in tags or 'pyi' in tags:
        return PYTHON
    if 'dockerfile' in tags:
        return DOCKERFILE
    if 'shell' in tags or 'yaml' in tags:
        return SUBSTITUTION
    if envfile.is_env_file(filename):
        return ENV
    if not tags or tags == {'text'}:  # an extensionless script: its shebang says
        m = _SHEBANG_RE.match(text)
        if m:
            return PYTHON if m.group('interp').startswith('python') else SUBSTITUTION
    return None


# ---------------------------------------------------------------------------------------------
# Python, with ast.
# ---------------------------------------------------------------------------------------------

class PythonSyntaxError(ValueError):
    """The file is not Python this interpreter can parse (message: line only, no source)."""

    def report(self, filename: str) -> str:
        """The one-line error: a file newer Python than the hook's interpreter is named, never
        skipped without a word."""
        version = f'{sys.version_info.major}.{sys.version_info.minor}'
        from hooks.paths import quote_path

        return f'{quote_path(filename)}: cannot parse as Python {version} ({self})'


class EnvRead(NamedTuple):
    name: str               # the variable read
    line: int
    default: ast.expr | None
    form: str               # how it is read: `os.getenv`, `os.environ.get`, ...


class FieldDefault(NamedTuple):
    owner: str              # class name
    name: str               # field name
    aliases: tuple[str, ...]  # alias / validation_alias / env= given to Field()
    value: ast.expr | None  # the default expression (None: no default)
    line: int
    env_source: bool        # a settings class: its fields are read from the environment


_DATACLASS_DECORATORS = frozenset({'dataclass', 'define', 'frozen', 'mutable', 's', 'attrs'})
_MODEL_BASES = frozenset({'BaseSettings', 'BaseModel', 'SQLModel'})
_SETTINGS_SUFFIXES = ('settings', 'config', 'configuration')
_FIELD_FUNCS = frozenset({'Field', 'field', 'ib', 'attrib'})
_SECRET_WRAPPERS = frozenset({'SecretStr', 'SecretBytes', 'Secret'})
_TEST_MODULE_RE = re.compile(r'(?:^|/)(?:test_[^/]{0,200}|[^/]{0,200}_test|conftest)\.py$')
_SETTINGS_MODULE_RE = re.compile(
    r'(?:^|/)(?:settings|config|configs|conf|configuration)/|'
    r'(?:^|/)[^/]{0,200}(?:settings|config)[^/]{0,200}\.py$',
    re.IGNORECASE,
)


def _dotted(node: ast.AST) -> str:
    """`os.environ.get` for an Attribute chain of Names; '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return '.'.join(reversed(parts))
    return ''


def _last(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ''


def _str_constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


class _PythonModule:
    """One parsed module: its imports of os, its env reads, its settings fields."""

    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        try:
            self.tree = ast.parse(text.lstrip('\ufeff'), filename=filename)
        except SyntaxError as e:
            # e.msg can quote source (an identifier, a character): only the line is reported.
            raise PythonSyntaxError(f'line {e.lineno or 0}') from None
        except (ValueError, RecursionError, MemoryError):
            raise PythonSyntaxError('too deeply nested or not text') from None
        self.os_names = {'os'}
        self.getenv_names: set[str] = set()
        self.environ_names: set[str] = set()
        self.constants: dict[str, ast.expr] = {}
        self._collect_imports_and_constants()

    def _collect_imports_and_constants(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == 'os':
                        self.os_names.add(alias.asname or 'os')
            elif isinstance(node, ast.ImportFrom) and node.module in ('os', 'posix', 'nt'):
                for alias in node.names:
                    if alias.name == 'getenv':
                        self.getenv_names.add(alias.asname or alias.name)
                    elif alias.name == 'environ':
                        self.environ_names.add(alias.asname or alias.name)
        for stmt in self.tree.body:
            if isinstance(stmt, ast.Assign) and stmt.value is not None:
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = stmt.value
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
                self.constants[stmt.target.id] = stmt.value

    # -- environment reads ------------------------------------------------------------------

    def _is_environ(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.environ_names
        return (
            isinstance(node, ast.Attribute) and node.attr == 'environ'
            and isinstance(node.value, ast.Name) and node.value.id in self.os_names
        )

    def env_read(self, node: ast.AST) -> EnvRead | None:
        """The environment variable a call reads, with its default, if it is such a call."""
        if not isinstance(node, ast.Call) or not node.args:
            return None
        name = _str_constant(node.args[0])
        if name is None:
            return None
        func = node.func
        positional_default = node.args[1] if len(node.args) > 1 else None
        default = positional_default or _keyword(node, 'default')
        if isinstance(func, ast.Attribute) and func.attr == 'getenv' and (
            isinstance(func.value, ast.Name) and func.value.id in self.os_names
        ):
            return EnvRead(name, node.lineno, default, 'os.getenv')
        if isinstance(func, ast.Name) and func.id in self.getenv_names:
            return EnvRead(name, node.lineno, default, 'getenv')
        if isinstance(func, ast.Attribute) and func.attr in ('get', 'setdefault', 'pop') and (
            self._is_environ(func.value)
        ):
            return EnvRead(name, node.lineno, default, f'os.environ.{func.attr}')
        # python-decouple `config("X", default=...)`; environs / django-environ `env("X",
        # default=...)` and `env.str(...)` (their second positional is a cast, not a default).
        if isinstance(func, ast.Name) and func.id == 'config':
            return EnvRead(name, node.lineno, default, 'config')
        if _dotted(func) in ('env', 'env.str'):
            return EnvRead(name, node.lineno, _keyword(node, 'default'), _dotted(func))
        return None

    def iter_env_reads(self) -> Iterator[EnvRead]:
        for node in ast.walk(self.tree):
            read = self.env_read(node)
            if read:
                yield read
            elif isinstance(node, ast.Subscript) and self._is_environ(node.value):
                name = _str_constant(node.slice)
                if name is not None:
                    yield EnvRead(name, node.lineno, None, 'os.environ[]')
            elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(
                node.ops[0], (ast.In, ast.NotIn),
            ) and self._is_environ(node.comparators[0]):
                name = _str_constant(node.left)
                if name is not None:
                    yield EnvRead(name, node.lineno, None, 'in os.environ')

    def iter_or_fallbacks(self) -> Iterator[tuple[EnvRead, ast.expr]]:
        """`os.getenv("X") or "literal"`: each operand after an env read."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
                read = None
                for operand in node.values:
                    if read is not None:
                        yield read, operand
                    read = read or self.env_read(operand)

    # -- classes ----------------------------------------------------------------------------

    @staticmethod
    def class_kind(cls: ast.ClassDef) -> tuple[bool, bool]:
        """(holds settings or model fields, reads them from the environment)."""
        bases = {_last(b) for b in cls.bases}
        env_source = 'BaseSettings' in bases or any(
            b.endswith('Settings') for b in bases
        ) or cls.name.lower().endswith('settings')
        dataclass_like = any(
            _last(d) in _DATACLASS_DECORATORS for d in cls.decorator_list
        )
        fields = (
            env_source or dataclass_like or bool(bases & _MODEL_BASES)
            or any(b.endswith(('Config', 'Configuration')) for b in bases)
            or cls.name.lower().endswith(_SETTINGS_SUFFIXES)
        )
        return fields, env_source

    def iter_fields(self) -> Iterator[FieldDefault]:
        for cls in ast.walk(self.tree):
            if isinstance(cls, ast.ClassDef):
                yield from self.fields_of(cls)

    def fields_of(self, cls: ast.ClassDef) -> Iterator[FieldDefault]:
        """The fields of a settings / model / dataclass-like class (none for other classes)."""
        has_fields, env_source = self.class_kind(cls)
        if not has_fields:
            return
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                if 'ClassVar' in ast.dump(stmt.annotation):
                    continue
                targets, value = [stmt.target], stmt.value
            elif isinstance(stmt, ast.Assign):
                targets, value = [t for t in stmt.targets if isinstance(t, ast.Name)], stmt.value
            else:
                continue
            for target in targets:
                if target.id.startswith('_') or target.id == 'model_config':
                    continue
                aliases: tuple[str, ...] = ()
                if isinstance(value, ast.Call) and _last(value.func) in _FIELD_FUNCS:
                    aliases = tuple(filter(None, (
                        _str_constant(_keyword(value, k))
                        for k in ('alias', 'validation_alias', 'env')
                    )))
                yield FieldDefault(cls.name, target.id, aliases, value, stmt.lineno, env_source)

    @staticmethod
    def env_prefix(cls: ast.ClassDef) -> str:
        """pydantic-settings' `env_prefix` (model_config or an inner `class Config`)."""
        for stmt in cls.body:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if any(isinstance(t, ast.Name) and t.id == 'model_config' for t in targets):
                    v = stmt.value
                    if isinstance(v, ast.Call):
                        prefix = _str_constant(_keyword(v, 'env_prefix'))
                        if prefix is not None:
                            return prefix
                    if isinstance(v, ast.Dict):
                        for k, val in zip(v.keys, v.values):
                            if _str_constant(k) == 'env_prefix' and _str_constant(val) is not None:
                                return _str_constant(val) or ''
            if isinstance(stmt, ast.ClassDef) and stmt.name == 'Config':
                for inner in stmt.body:
                    if isinstance(inner, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == 'env_prefix' for t in inner.targets
                    ):
                        return _str_constant(inner.value) or ''
        return ''

    # -- module level -----------------------------------------------------------------------

    def iter_module_assignments(self) -> Iterator[tuple[str, ast.expr, int]]:
        """`NAME = value` at module level (also under if/try/with), not in functions/classes."""
        pending: list[ast.stmt] = list(self.tree.body)
        while pending:
            stmt = pending.pop(0)
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    for node in ast.walk(target):
                        if isinstance(node, ast.Name):
                            yield node.id, stmt.value, stmt.lineno
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                if stmt.value is not None:
                    yield stmt.target.id, stmt.value, stmt.lineno
            elif isinstance(stmt, (ast.If, ast.Try, ast.With)):
                for block in ('body', 'orelse', 'finalbody'):
                    pending.extend(getattr(stmt, block, []) or [])
                for handler in getattr(stmt, 'handlers', []):
                    pending.extend(handler.body)

    # -- literals ---------------------------------------------------------------------------

    def literal(self, node: ast.AST | None, depth: int = 0) -> tuple[str, int] | None:
        """(value, line) when `node` is a value written in the code; None when it is computed
        at run time, absent or None.  Module constants used by name are followed once."""
        if node is None or depth > 3:
            return None
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return node.value, node.lineno
            if isinstance(node.value, bytes):
                return node.value.decode('latin-1'), node.lineno
            return None
        if isinstance(node, ast.JoinedStr):  # an f-string is literal only without {fields}
            if all(isinstance(v, ast.Constant) for v in node.values):
                return ''.join(str(v.value) for v in node.values), node.lineno  # type: ignore[attr-defined]
            return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.literal(node.left, depth + 1), self.literal(node.right, depth + 1)
            if left and right:
                return left[0] + right[0], node.lineno
            return None
        if isinstance(node, ast.Call):
            name = _last(node.func)
            if name in _SECRET_WRAPPERS and node.args:  # SecretStr("literal")
                return self.literal(node.args[0], depth + 1)
            if isinstance(node.func, ast.Attribute) and name == 'encode':  # "literal".encode()
                return self.literal(node.func.value, depth + 1)
            return None
        if isinstance(node, ast.Name) and node.id in self.constants:
            found = self.literal(self.constants[node.id], depth + 1)
            return (found[0], node.lineno) if found else None
        return None

    def field_default(self, value: ast.expr | None) -> tuple[str, int, str] | None:
        """(literal default, line, form) of a class field's right-hand side."""
        if value is None:
            return None
        if isinstance(value, ast.Call) and _last(value.func) in _FIELD_FUNCS:
            factory = _keyword(value, 'default_factory') or _keyword(value, 'factory')
            if isinstance(factory, ast.Lambda):  # `lambda: "literal"` is not computed at all
                found = self.literal(factory.body)
                return (*found, f'{_last(value.func)}(default_factory=lambda: ...)') if found else None
            if factory is not None:
                return None
            default = _keyword(value, 'default')
            if default is None and _last(value.func) == 'Field' and value.args:
                default = value.args[0]
            found = self.literal(default)
            return (*found, f'{_last(value.func)}(default=...)') if found else None
        found = self.literal(value)
        if not found:
            return None
        if isinstance(value, ast.Call):
            return (*found, f'{_last(value.func)}(...)')
        return (*found, 'field default')


# ---------------------------------------------------------------------------------------------
# The check.
# ---------------------------------------------------------------------------------------------

def _is_settings_module(filename: str) -> bool:
    """`settings.py`, `config.py`, `local_settings.py`, `settings/prod.py`, ... (not tests)."""
    path = filename.replace(os.sep, '/')
    if _TEST_MODULE_RE.search(path):
        return False
    return bool(_SETTINGS_MODULE_RE.search(path))


def _dict_items(path: str, node: ast.Dict, depth: int = 0) -> Iterator[tuple[str, str, ast.expr]]:
    """(`NAME["a"]["b"]`, "b", value) for each string-keyed item of nested dict literals."""
    for k, v in zip(node.keys, node.values):
        key = _str_constant(k)
        if key is None:
            continue
        where = f'{path}["{key}"]'
        if isinstance(v, ast.Dict) and depth < 5:
            yield from _dict_items(where, v, depth + 1)
        else:
            yield where, key, v


def check_python(filename: str, text: str, policy: Policy = DEFAULT_POLICY) -> list[CheckFinding]:
    """Fallback findings in Python source.  Raises PythonSyntaxError when it does not parse."""
    module = _PythonModule(filename, text)
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
                isinstance(value, ast.Call) and _last(value.func) in _FIELD_FUNCS
            ):
                judge(name, name, module.literal(value), 'settings module constant')
    return found


_DOCKER_INSTRUCTION_RE = re.compile(r'[ \t]{0,100}(?P<instr>ARG|ENV)[ \t]{1,100}(?P<rest>[^\n]*)', re.IGNORECASE)
# One ARG/ENV word: unquoted characters and quoted runs (alternatives start on disjoint characters).
_DOCKER_WORD_RE = re.compile(r'''(?:[^\s"']|"[^"\n]{0,1000}"|'[^'\n]{0,1000}'){1,2000}''')
_DOCKER_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]{0,100}')
_DOCKER_LEGACY_ENV_RE = re.compile(r'(?P<name>[A-Za-z_][A-Za-z0-9_]{0,100})[ \t]{1,100}(?P<v>[^\n]{1,1000})')


def _docker_defaults(line: str) -> Iterator[tuple[str, str, str | None]]:
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
        yield instr, name, _unquote(value) if eq else None


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
            for instr, name, value in _docker_defaults(line):
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


def without_allowlisted(found: Iterable[CheckFinding], text: str) -> list[CheckFinding]:
    """Drop findings on a line marked `# pragma: allowlist secret`; dedupe; sort."""
    lines = text.splitlines()
    kept = {
        f for f in found
        if not (0 < f.line <= len(lines) and ALLOWLIST_PRAGMA_RE.search(lines[f.line - 1]))
    }
    return sorted(kept)


# ---------------------------------------------------------------------------------------------
# Reuse: which variables a file reads.
# ---------------------------------------------------------------------------------------------

def used_env_variables(filename: str, text: str, errors: list[str] | None = None) -> list[tuple[str, int]]:
    """Every environment variable / settings field `text` reads, as (name, line), by line.

    - Python: `os.getenv`, `os.environ.get/setdefault/pop/[...]`, `"X" in os.environ`,
      `getenv`/`environ` imported from os, decouple `config("X")`, environs `env("X")`; and the
      fields of pydantic-settings classes (`BaseSettings` subclasses, classes named *Settings),
      as the environment variable they read: alias if any, else env_prefix + name, upper-cased.
    - Shell, Dockerfiles, Compose and other YAML: every `${X...}` (and Dockerfile ARG/ENV names).
    - Env files: every key.
    Python that does not parse yields [], and its one-line error is added to `errors` when
    given.  Names are as written; pydantic matches them case-insensitively, so compare with
    `.upper()`.
    """
    kind = file_kind(filename, text)
    used: list[tuple[str, int]] = []
    if kind == PYTHON:
        try:
            module = _PythonModule(filename, text)
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
                used.extend((name, number) for _, name, _ in _docker_defaults(line))
    elif kind == ENV:
        used.extend((e.name, e.line_number) for e in envfile.parse(text))
    return sorted(set(used), key=lambda u: (u[1], u[0]))

