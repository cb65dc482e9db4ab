"""The checks' toolkit for source files: which reader a file needs (`file_kind`), and Python
read with `ast` (`PythonModule`: its environment reads, settings fields and literal values).

check-secret-fallbacks, check-secret-logging and check-secret-rotation all read Python through
this module; a file that does not parse is a `PythonSyntaxError`, reported as one line.
"""
from __future__ import annotations

import ast
import os
import re
import sys
from typing import Iterator
from typing import NamedTuple

from identify.identify import tags_from_filename

from hooks import dotenv as envfile

# ---------------------------------------------------------------------------------------------
# Which reader a file needs.
# ---------------------------------------------------------------------------------------------

PYTHON = 'python'
SUBSTITUTION = 'substitution'   # shell, Dockerfile, Compose and other YAML: ${X:-default}
DOCKERFILE = 'dockerfile'       # ${X:-default}, plus ARG/ENV defaults
ENV = 'env'                     # env files (the rotation check's variable uses; check-env-files judges them)

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
FIELD_FUNCS = frozenset({'Field', 'field', 'ib', 'attrib'})
_SECRET_WRAPPERS = frozenset({'SecretStr', 'SecretBytes', 'Secret'})


def dotted_name(node: ast.AST) -> str:
    """`os.environ.get` for an Attribute chain of Names; '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return '.'.join(reversed(parts))
    return ''


def last_name(node: ast.AST) -> str:
    """The last name of a call's function or of an attribute chain: `getenv` of `os.getenv(...)`."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ''


def str_constant(node: ast.AST | None) -> str | None:
    """The value of a string literal node; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument `name` of a call, if given."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


class PythonModule:
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

    def is_environ(self, node: ast.AST) -> bool:
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
        name = str_constant(node.args[0])
        if name is None:
            return None
        func = node.func
        positional_default = node.args[1] if len(node.args) > 1 else None
        default = positional_default or keyword(node, 'default')
        if isinstance(func, ast.Attribute) and func.attr == 'getenv' and (
            isinstance(func.value, ast.Name) and func.value.id in self.os_names
        ):
            return EnvRead(name, node.lineno, default, 'os.getenv')
        if isinstance(func, ast.Name) and func.id in self.getenv_names:
            return EnvRead(name, node.lineno, default, 'getenv')
        if isinstance(func, ast.Attribute) and func.attr in ('get', 'setdefault', 'pop') and (
            self.is_environ(func.value)
        ):
            return EnvRead(name, node.lineno, default, f'os.environ.{func.attr}')
        # python-decouple `config("X", default=...)`; environs / django-environ `env("X",
        # default=...)` and `env.str(...)` (their second positional is a cast, not a default).
        if isinstance(func, ast.Name) and func.id == 'config':
            return EnvRead(name, node.lineno, default, 'config')
        if dotted_name(func) in ('env', 'env.str'):
            return EnvRead(name, node.lineno, keyword(node, 'default'), dotted_name(func))
        return None

    def iter_env_reads(self) -> Iterator[EnvRead]:
        for node in ast.walk(self.tree):
            read = self.env_read(node)
            if read:
                yield read
            elif isinstance(node, ast.Subscript) and self.is_environ(node.value):
                name = str_constant(node.slice)
                if name is not None:
                    yield EnvRead(name, node.lineno, None, 'os.environ[]')
            elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(
                node.ops[0], (ast.In, ast.NotIn),
            ) and self.is_environ(node.comparators[0]):
                name = str_constant(node.left)
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
        bases = {last_name(b) for b in cls.bases}
        env_source = 'BaseSettings' in bases or any(
            b.endswith('Settings') for b in bases
        ) or cls.name.lower().endswith('settings')
        dataclass_like = any(
            last_name(d) in _DATACLASS_DECORATORS for d in cls.decorator_list
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
                if isinstance(value, ast.Call) and last_name(value.func) in FIELD_FUNCS:
                    aliases = tuple(filter(None, (
                        str_constant(keyword(value, k))
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
                        prefix = str_constant(keyword(v, 'env_prefix'))
                        if prefix is not None:
                            return prefix
                    if isinstance(v, ast.Dict):
                        for k, val in zip(v.keys, v.values):
                            if str_constant(k) == 'env_prefix' and str_constant(val) is not None:
                                return str_constant(val) or ''
            if isinstance(stmt, ast.ClassDef) and stmt.name == 'Config':
                for inner in stmt.body:
                    if isinstance(inner, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == 'env_prefix' for t in inner.targets
                    ):
                        return str_constant(inner.value) or ''
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
            name = last_name(node.func)
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
        if isinstance(value, ast.Call) and last_name(value.func) in FIELD_FUNCS:
            factory = keyword(value, 'default_factory') or keyword(value, 'factory')
            if isinstance(factory, ast.Lambda):  # `lambda: "literal"` is not computed at all
                found = self.literal(factory.body)
                return (*found, f'{last_name(value.func)}(default_factory=lambda: ...)') if found else None
            if factory is not None:
                return None
            default = keyword(value, 'default')
            if default is None and last_name(value.func) == 'Field' and value.args:
                default = value.args[0]
            found = self.literal(default)
            return (*found, f'{last_name(value.func)}(default=...)') if found else None
        found = self.literal(value)
        if not found:
            return None
        if isinstance(value, ast.Call):
            return (*found, f'{last_name(value.func)}(...)')
        return (*found, 'field default')
