"""`secret-hooks check-logging` (hook `check-secret-logging`): a secret-bearing value that reaches a log, the terminal or an
exception message, in Python read with `ast`.

Sources: names and attributes the shared secret-name rules call secret (`password`,
`settings.JWT_SECRET_KEY`), environment reads of a secret name, `getpass()`, a request's
`Authorization` header, `.get_secret_value()`, and local variables assigned from any of them in
the same function.  Whole-object dumps count too: `settings`, `os.environ`, request headers.
Sinks: logger methods on any object, `logging.*`, `print`, `sys.stdout/stderr.write`,
`warnings.warn`, `raise X(...)` and `assert` messages.

A value goes through: f-strings, `%`, `.format`, `+`, `str()`/`repr()`, string methods, containers
and encodings (`b64encode`).  It stops at: `len()`, a slice of at most 4 characters, comparisons,
hashing and masking calls (`hashlib`, `hmac`, functions named mask/redact/hash), pydantic
`SecretStr` values (their str is `**********`) and calls to other functions (not followed).
"""
from __future__ import annotations

import argparse
import ast
from typing import Iterable
from typing import NamedTuple

from hooks import rules
from hooks.config import Config
from hooks.findings import CheckFinding
from hooks.findings import add_file_arguments
from hooks.findings import run_check
from hooks.findings import without_allowlisted
from hooks.policy import DEFAULT_POLICY
from hooks.policy import Policy
from hooks.pysource import PYTHON
from hooks.pysource import PythonModule
from hooks.pysource import PythonSyntaxError
from hooks.pysource import dotted_name
from hooks.pysource import file_kind
from hooks.pysource import last_name
from hooks.pysource import str_constant

# Logger methods, on any object (`logging`, `LOGGER`, `get_logger()`, `self.log`, structlog).
LOG_METHODS = frozenset({
    'debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'msg',
})
# `.log(...)` of these is a logarithm, not a logger.
MATH_MODULES = frozenset({'math', 'cmath', 'np', 'numpy', 'torch', 'jnp', 'tf', 'sympy', 'mpmath'})
PRINT_FUNCTIONS = frozenset({'print', 'pprint'})
PRINT_METHODS = frozenset({'print', 'pprint', 'echo', 'secho', 'print_json', 'log'})
STREAM_WRITERS = frozenset({'sys.stdout.write', 'sys.stderr.write', 'sys.stdout.writelines',
                            'sys.stderr.writelines'})
WARN_FUNCTIONS = frozenset({'warnings.warn', 'warn'})
# Error trackers ship what they get to a third party (`sentry_sdk.capture_message(...)`).
TRACKER_METHODS = frozenset({'capture_message', 'set_extra', 'set_context', 'set_tag', 'add_breadcrumb'})
# Logger keyword arguments that carry no message.
NON_MESSAGE_KEYWORDS = frozenset({'exc_info', 'stack_info', 'stacklevel', 'level', 'file', 'flush',
                                  'end', 'sep', 'category'})

# Calls whose result shows no secret: sizes, types, truth values, digests, masks.
CLEAN_FUNCTIONS = frozenset({
    'len', 'bool', 'int', 'float', 'type', 'id', 'isinstance', 'issubclass', 'hash', 'callable',
    'compare_digest', 'hasattr', 'getcwd', 'getcwdb', 'cwd',
})
CLEAN_MODULES = frozenset({'hashlib', 'hmac', 'bcrypt', 'argon2', 'zlib', 'binascii_crc32'})
SANITIZER_WORDS = ('mask', 'redact', 'hash', 'digest', 'fingerprint', 'obfuscate', 'censor',
                   'anonymi', 'scrub', 'sanitiz', 'sha1', 'sha256', 'sha512', 'md5', 'blake', 'crc')
# Methods of a str (or a mapping) whose result shows no secret.
CLEAN_METHODS = frozenset({
    'startswith', 'endswith', 'count', 'find', 'rfind', 'index', 'rindex', 'isdigit', 'isalpha',
    'isalnum', 'isascii', 'isupper', 'islower', 'isspace', 'isnumeric', 'isdecimal', 'keys',
    'bit_length', '__len__', '__contains__', 'verify', 'is_valid',
})
# Calls that pass their first argument's secret on: conversions and encodings.
PASSING_FUNCTIONS = frozenset({
    'str', 'repr', 'ascii', 'format', 'bytes', 'bytearray', 'dict', 'vars', 'list', 'tuple',
    'set', 'frozenset', 'sorted', 'reversed', 'dumps', 'dump', 'pformat', 'b64encode',
    'urlsafe_b64encode', 'b32encode', 'b16encode', 'standard_b64encode', 'hexlify', 'quote',
    'quote_plus', 'urlencode', 'escape', 'encode', 'jsonable_encoder', 'asdict',
})
# Methods of a whole secret-holding object (settings, os.environ, headers) that return all of it.
DUMP_METHODS = frozenset({
    'copy', 'items', 'values', 'model_dump', 'model_dump_json', 'dict', 'json', 'raw', 'to_dict',
    '__repr__', '__str__', 'mutablecopy',
})
# Request headers that carry a credential (besides secret-named ones such as X-Api-Key).
CREDENTIAL_HEADERS = frozenset({'authorization', 'proxy-authorization', 'cookie'})
DERIVED_NAME_PARTS = frozenset({
    'hash', 'hashed', 'digest', 'masked', 'redacted', 'fingerprint', 'sha1', 'sha256', 'sha512',
    'md5', 'obfuscated', 'encrypted', 'hint',
})
SECRET_WRAPPERS = frozenset({'SecretStr', 'SecretBytes', 'Secret'})
# Operators whose result is a number (`+`, `%`, `*` and `|` also join strings and dicts).
NUMERIC_OPS = (ast.Sub, ast.Div, ast.FloorDiv, ast.Pow, ast.MatMult, ast.BitAnd, ast.BitXor,
               ast.LShift, ast.RShift)
# Format-spec types that only numbers accept: `f"{x:.2f}"` cannot show a string.
NUMERIC_FORMAT_TYPES = frozenset('bcdeEfFgGnoxX%')
# A slice this short shows too little of a secret to matter (`key[:4]` in a log line).
MAX_SAFE_SLICE = 4
MAX_SHOWN = 60


class Taint(NamedTuple):
    """Where a secret-bearing value comes from (code, never a value); `whole`: an object that
    holds secrets (settings, os.environ, headers), not one secret."""

    source: str
    whole: bool = False


def _shown(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 3] + '...'


def _annotation_is_secret_wrapper(node: ast.AST | None) -> bool:
    return node is not None and any(
        isinstance(n, (ast.Name, ast.Attribute)) and last_name(n) in SECRET_WRAPPERS
        for n in ast.walk(node)
    )


def _slice_length(node: ast.Slice) -> int | None:
    """The most characters `x[a:b]` can hold, when both ends are small constants."""
    def const(n: ast.AST | None) -> int | None:
        if n is None:
            return None
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            inner = const(n.operand)
            return -inner if inner is not None else None
        if isinstance(n, ast.Constant) and type(n.value) is int:
            return n.value
        return None

    if node.step is not None:
        return None
    lower, upper = const(node.lower), const(node.upper)
    if node.lower is None and upper is not None and upper >= 0:
        return upper                                       # x[:4]
    if node.upper is None and lower is not None and lower < 0:
        return -lower                                      # x[-4:]
    if lower is not None and upper is not None and (lower >= 0) == (upper >= 0):
        return max(0, upper - lower)                       # x[2:6], x[-6:-2]
    return None


class _Analysis:
    """Taint of expressions, scope by scope, and the sinks they reach."""

    def __init__(self, module: PythonModule, policy: Policy) -> None:
        self.module = module
        self.policy = policy
        self.found: list[CheckFinding] = []
        self.getpass_names = {'getpass.getpass', 'getpass'}
        self.masked_fields: set[str] = set()  # fields declared SecretStr in this module
        self.imported: set[str] = set()  # `import secrets`: a module, not a secret
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.imported.update((a.asname or a.name).split('.')[0] for a in node.names)
            if isinstance(node, ast.ImportFrom) and node.module == 'getpass':
                self.getpass_names.update(a.asname or a.name for a in node.names if a.name == 'getpass')
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and (
                _annotation_is_secret_wrapper(node.annotation)
            ):
                self.masked_fields.add(node.target.id)

    # -- scopes -------------------------------------------------------------------------------

    def run(self) -> list[CheckFinding]:
        self._scope(self.module.tree.body, {}, set())
        return self.found

    def _scope(self, body: list[ast.stmt], tainted: dict[str, Taint], cleared: set[str]) -> None:
        for stmt in body:
            self._statement(stmt, tainted, cleared)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        cleared: set[str] = set()
        args = node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None and _annotation_is_secret_wrapper(arg.annotation):
                cleared.add(arg.arg)
        if isinstance(node, ast.Lambda):
            self._sinks_in(node.body, {}, cleared)
        else:
            self._scope(node.body, {}, cleared)

    def _statement(self, stmt: ast.stmt, tainted: dict[str, Taint], cleared: set[str]) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for expr in (*stmt.decorator_list, *stmt.args.defaults, *stmt.args.kw_defaults):
                if expr is not None:
                    self._sinks_in(expr, tainted, cleared)
            self._function(stmt)
            return
        if isinstance(stmt, ast.ClassDef):
            self._scope(stmt.body, {}, set())
            return
        # This statement's own expressions (nested blocks are statements, visited in order).
        for child in ast.iter_child_nodes(stmt):
            if isinstance(child, ast.expr):
                self._sinks_in(child, tainted, cleared)
            elif isinstance(child, ast.withitem):
                self._sinks_in(child.context_expr, tainted, cleared)
        if isinstance(stmt, ast.Raise) and isinstance(stmt.exc, ast.Call):
            self._sink_arguments(stmt.exc, f'raise {_shown(dotted_name(stmt.exc.func) or "...")}()',
                                 'exception message', tainted, cleared)
        elif isinstance(stmt, ast.Assert) and stmt.msg is not None:
            self._report(stmt.msg, 'assert', 'exception message', tainted, cleared)
        self._bind(stmt, tainted, cleared)
        for block in ('body', 'orelse', 'finalbody'):
            inner = getattr(stmt, block, None)
            if isinstance(inner, list):
                self._scope(inner, tainted, cleared)
        for handler in getattr(stmt, 'handlers', []) or []:
            self._scope(handler.body, tainted, cleared)
        for case in getattr(stmt, 'cases', []) or []:
            self._scope(case.body, tainted, cleared)

    def _bind(self, stmt: ast.stmt, tainted: dict[str, Taint], cleared: set[str]) -> None:
        """Assignments: a local assigned a secret-bearing value is a source from there on."""
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            if _annotation_is_secret_wrapper(stmt.annotation) and isinstance(stmt.target, ast.Name):
                tainted.pop(stmt.target.id, None)
                cleared.add(stmt.target.id)
                return
            if stmt.value is None:
                return
            targets, value = [stmt.target], stmt.value
        elif isinstance(stmt, ast.AugAssign):
            taint = self.taint(stmt.value, tainted, cleared)
            if taint and isinstance(stmt.target, ast.Name):
                tainted[stmt.target.id] = taint
            return
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            targets, value = [stmt.target], stmt.iter
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    self._assign([item.optional_vars], item.context_expr, tainted, cleared)
            return
        else:
            return
        self._assign(targets, value, tainted, cleared)

    def _assign(self, targets: list[ast.expr], value: ast.expr, tainted: dict[str, Taint],
                cleared: set[str]) -> None:
        if len(targets) == 1 and isinstance(targets[0], (ast.Tuple, ast.List)) and isinstance(
            value, (ast.Tuple, ast.List),
        ) and len(targets[0].elts) == len(value.elts):
            for target, item in zip(targets[0].elts, value.elts):  # `a, b = x, y`: one by one
                self._assign([target], item, tainted, cleared)
            return
        taint = self.taint(value, tainted, cleared)
        if taint and taint.whole and isinstance(value, ast.Call) and last_name(value.func) == 'items':
            taint = Taint(taint.source)  # `for name, value in os.environ.items()`: one value
        clean = taint is None and self._obviously_clean(value)
        pending = list(targets)
        while pending:
            target = pending.pop()
            if isinstance(target, (ast.Tuple, ast.List)):
                pending.extend(target.elts)
            elif isinstance(target, ast.Starred):
                pending.append(target.value)
            elif isinstance(target, ast.Name):
                if taint:
                    tainted[target.id] = taint
                    cleared.discard(target.id)
                else:
                    tainted.pop(target.id, None)
                    if clean:
                        cleared.add(target.id)
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and taint:
                # `data["password"] = pw`: `data` now holds a secret (its other keys do not).
                tainted[target.value.id] = Taint(taint.source, whole=True)
            # `self.token = ...`: the attribute's own name decides when it is read.

    @staticmethod
    def _obviously_clean(value: ast.expr) -> bool:
        """A value that is not a string: `token_ok = a == b`, `n = len(token)`, `SecretStr(...)`."""
        if isinstance(value, ast.Compare):
            return True
        if isinstance(value, ast.UnaryOp):
            return isinstance(value.op, ast.Not)
        if isinstance(value, ast.Constant):
            return not isinstance(value.value, (str, bytes))
        if isinstance(value, ast.Call):
            name = last_name(value.func)
            return name in CLEAN_FUNCTIONS or name in SECRET_WRAPPERS or _is_sanitizer(value)
        return False

    # -- taint --------------------------------------------------------------------------------

    def _secret_name(self, name: str, cleared: set[str]) -> bool:
        if name in cleared or name in self.imported or not self.policy.is_secret_name(name):
            return False
        if name[0].isupper() and '_' not in name and not name.isupper():
            return False  # CapWords: a class (`GetPassWarning`, `TokenSerializer`), not a value
        # `hashed_secret`, `masked_token`: the name says the value is already not the secret.
        return not DERIVED_NAME_PARTS.intersection(rules.name_parts(name))

    def taint(self, node: ast.AST, tainted: dict[str, Taint], cleared: set[str]) -> Taint | None:
        """Where the secret in `node`'s value comes from, or None when it holds none."""
        if isinstance(node, ast.Name):
            if node.id in tainted:
                return tainted[node.id]
            if node.id in self.module.environ_names:
                return Taint('os.environ', whole=True)
            if self._secret_name(node.id, cleared):
                return Taint(node.id)
            if node.id.lower() == 'settings' or node.id.lower().endswith('_settings'):
                return Taint(node.id, whole=True)
            return None
        if isinstance(node, ast.Attribute):
            return self._attribute_taint(node, tainted, cleared)
        if isinstance(node, ast.Subscript):
            return self._subscript_taint(node, tainted, cleared)
        if isinstance(node, ast.Call):
            return self._call_taint(node, tainted, cleared)
        if isinstance(node, ast.JoinedStr):
            return self._first(node.values, tainted, cleared)
        if isinstance(node, ast.FormattedValue):
            spec = node.format_spec
            if isinstance(spec, ast.JoinedStr) and spec.values and isinstance(spec.values[-1], ast.Constant) and (
                str(spec.values[-1].value)[-1:] in NUMERIC_FORMAT_TYPES
            ):
                return None  # `{x:.2f}`, `{n:d}`: a str would not format
            return self.taint(node.value, tainted, cleared)
        if isinstance(node, ast.BinOp):
            # `a + b + c + ...` nests to the left: flattened, a long chain costs no recursion.
            operands: list[ast.AST] = []
            stack: list[ast.AST] = [node]
            while stack:
                item = stack.pop()
                if isinstance(item, ast.BinOp):
                    if not isinstance(item.op, NUMERIC_OPS):  # `a / b` is a number, not a str
                        stack.extend((item.right, item.left))
                else:
                    operands.append(item)
            return self._first(operands, tainted, cleared)
        if isinstance(node, ast.BoolOp):
            return self._first(node.values, tainted, cleared)
        if isinstance(node, ast.IfExp):
            return self._first((node.body, node.orelse), tainted, cleared)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return self._first(node.elts, tainted, cleared)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if key is None:  # {**settings.model_dump()}
                    found = self.taint(value, tainted, cleared)
                    if found:
                        return found
                    continue
                key_name = str_constant(key)
                if key_name is not None and self.policy.is_secret_name(key_name) and isinstance(
                    value, ast.Constant,
                ):
                    continue  # {"password": "<redacted>"} is a literal, not a leak
                found = self.taint(value, tainted, cleared)
                if found:
                    return found
            return None
        if isinstance(node, (ast.Starred, ast.Await, ast.NamedExpr)):
            return self.taint(node.value, tainted, cleared)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            inner = dict(tainted)
            for comp in node.generators:
                iter_taint = self.taint(comp.iter, inner, cleared)
                if iter_taint:
                    for name in ast.walk(comp.target):
                        if isinstance(name, ast.Name):
                            inner[name.id] = Taint(iter_taint.source)
            elts = (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,)
            return self._first(elts, inner, cleared)
        return None

    def _first(self, nodes: Iterable[ast.AST], tainted: dict[str, Taint], cleared: set[str]) -> Taint | None:
        for n in nodes:
            found = self.taint(n, tainted, cleared)
            if found:
                return found
        return None

    def _attribute_taint(self, node: ast.Attribute, tainted: dict[str, Taint], cleared: set[str]) -> Taint | None:
        dotted = dotted_name(node)
        if self.module.is_environ(node):
            return Taint('os.environ', whole=True)
        if node.attr in self.masked_fields:
            return None  # declared SecretStr in this module: its str is masked
        if self._secret_name(node.attr, cleared):
            return Taint(_shown(dotted or f'....{node.attr}'))
        base = node.value
        if node.attr in ('headers', 'cookies') and 'req' in last_name(base).lower():
            return Taint(_shown(dotted or 'request.headers'), whole=True)
        if node.attr == 'settings':  # app.state.settings, django.conf.settings
            return Taint(_shown(dotted or '....settings'), whole=True)
        if node.attr == '__dict__':  # vars() by another name
            return self.taint(base, tainted, cleared)
        return None

    def _key_taint(self, base: ast.expr, key: ast.AST, tainted: dict[str, Taint], cleared: set[str],
                   shown: str) -> Taint | None:
        """`X["key"]` / `X.get("key")`: a secret-named key, an env read, a credential header."""
        key_name = str_constant(key)
        if key_name is None:
            base_taint = self.taint(base, tainted, cleared)
            return base_taint if base_taint and not base_taint.whole else None
        if self.module.is_environ(base):
            return Taint(f'os.environ[{key_name!r}]') if self.policy.is_secret_name(key_name) else None
        if key_name.lower() in CREDENTIAL_HEADERS or self.policy.is_secret_name(key_name):
            return Taint(_shown(shown))
        base_taint = self.taint(base, tainted, cleared)
        return base_taint if base_taint and not base_taint.whole else None

    def _subscript_taint(self, node: ast.Subscript, tainted: dict[str, Taint], cleared: set[str]) -> Taint | None:
        index: ast.AST = node.slice
        if isinstance(index, ast.Slice):
            length = _slice_length(index)
            if length is not None and length <= MAX_SAFE_SLICE:
                return None
            return self.taint(node.value, tainted, cleared)
        key = str_constant(index)
        base = dotted_name(node.value) or '...'
        return self._key_taint(node.value, index, tainted, cleared, f'{base}[{key!r}]')

    def _call_taint(self, node: ast.Call, tainted: dict[str, Taint], cleared: set[str]) -> Taint | None:
        func = node.func
        name = last_name(func)
        dotted = dotted_name(func)
        read = self.module.env_read(node)
        if read is not None:
            return Taint(f'{read.form}({read.name!r})') if self.policy.is_secret_name(read.name) else None
        if dotted in self.getpass_names:
            return Taint(f'{dotted}()')
        if name in CLEAN_FUNCTIONS or name in SECRET_WRAPPERS or _is_sanitizer(node):
            return None
        if name == 'get_secret_value':
            return Taint(_shown(f'{dotted_name(func.value) if isinstance(func, ast.Attribute) else ""}'
                                '.get_secret_value()'))
        if isinstance(func, ast.Attribute):
            receiver = func.value
            if name in ('get', 'pop', 'getlist', 'get_all', 'getenv') and node.args:
                base = dotted_name(receiver) or '...'
                return self._key_taint(receiver, node.args[0], tainted, cleared,
                                       f'{base}.{name}({str_constant(node.args[0])!r})')
            if name in ('join', 'format', 'format_map', 'replace'):
                # `text.replace(token, "***")` masks; `text.replace("{pw}", pw)` shows it.
                args = node.args[1:] if name == 'replace' else node.args
                found = self._first((*args, *(k.value for k in node.keywords)), tainted, cleared)
                if found:
                    return found
            if name in CLEAN_METHODS:
                return None
            if name == 'settings' or name.endswith('_settings'):  # get_settings(), app.settings()
                return Taint(_shown(f'{dotted or name}()'), whole=True)
            receiver_taint = self.taint(receiver, tainted, cleared)
            if receiver_taint:
                if not receiver_taint.whole:
                    return receiver_taint  # token.strip(), password.encode()
                return receiver_taint if name in DUMP_METHODS else None
            if name in PASSING_FUNCTIONS:  # json.dumps(x), base64.b64encode(x)
                return self._first(node.args[:1], tainted, cleared)
            return None
        if name in PASSING_FUNCTIONS:
            return self._first(node.args[:1], tainted, cleared)
        if name.endswith('Settings') or name == 'get_settings' or name.endswith('_settings'):
            return Taint(f'{name}()', whole=True)
        return None

    # -- sinks --------------------------------------------------------------------------------

    def _sinks_in(self, expr: ast.AST, tainted: dict[str, Taint], cleared: set[str]) -> None:
        for node in ast.walk(expr):
            if isinstance(node, ast.Lambda):
                self._function(node)
            elif isinstance(node, ast.NamedExpr):
                self._assign([node.target], node.value, tainted, cleared)
            elif isinstance(node, ast.Call):
                sink = self._sink_name(node)
                if sink:
                    self._sink_arguments(node, sink, 'reaches', tainted, cleared)

    def _sink_name(self, call: ast.Call) -> str | None:
        func = call.func
        dotted = dotted_name(func)
        if isinstance(func, ast.Name):
            if func.id in PRINT_FUNCTIONS:
                return f'{func.id}()'
            if func.id in WARN_FUNCTIONS:
                return 'warnings.warn()'
            return None
        if not isinstance(func, ast.Attribute):
            return None
        if dotted:
            shown = f'{_shown(dotted)}()'
        elif isinstance(func.value, ast.Call) and dotted_name(func.value.func):  # get_logger().info
            shown = f'{_shown(dotted_name(func.value.func))}().{func.attr}()'
        else:
            shown = f'....{func.attr}()'
        if dotted in STREAM_WRITERS or dotted in WARN_FUNCTIONS:
            return shown
        receiver = func.value
        receiver_name = dotted_name(receiver)
        if func.attr in LOG_METHODS:
            if receiver_name in MATH_MODULES or receiver_name.split('.')[-1] in MATH_MODULES:
                return None
            if func.attr in ('warn', 'log', 'msg', 'error') and not self._loggerish(receiver):
                # `warnings.warn` aside, these names are common elsewhere (`parser.error` still
                # prints: only a few non-logger receivers are skipped).
                return None
            return shown
        if func.attr in TRACKER_METHODS:
            return shown
        if func.attr in ('write', 'writelines') and receiver_name.split('.')[-1] in ('stdout', 'stderr'):
            return shown  # self.stdout.write in Django commands, sys.__stderr__.write
        if func.attr in PRINT_METHODS and receiver_name.split('.')[-1] in (
            'console', 'click', 'typer', 'rich', 'pprint', 'stdout', 'stderr', 'echo',
        ):
            return shown
        return None

    @staticmethod
    def _loggerish(receiver: ast.expr) -> bool:
        """Any receiver but a few known non-loggers (`self.assertTrue(...)`-style helpers)."""
        name = last_name(receiver).lower()
        return name not in ('self', 'cls', 'super', 'pytest', 'unittest', 'np', 'math', 're')

    def _sink_arguments(self, call: ast.Call, sink: str, how: str, tainted: dict[str, Taint],
                        cleared: set[str]) -> None:
        for arg in call.args:
            self._report(arg, sink, how, tainted, cleared)
        for kw in call.keywords:
            if kw.arg not in NON_MESSAGE_KEYWORDS:
                self._report(kw.value, sink, how, tainted, cleared)

    def _report(self, expr: ast.expr, sink: str, how: str, tainted: dict[str, Taint], cleared: set[str]) -> None:
        taint = self.taint(expr, tainted, cleared)
        if taint is None:
            return
        what = 'whole object holding secrets' if taint.whole else 'secret value'
        if how == 'exception message':
            why = f'{what} in an exception message ({sink})'
        else:
            why = f'{what} reaches {sink}'
        self.found.append(CheckFinding(self.module.filename, expr.lineno, taint.source, why))


def _is_sanitizer(call: ast.Call) -> bool:
    """`hashlib.sha256(...)`, `hmac.new(...)`, `mask_token(...)`, `redact(...)`."""
    dotted = dotted_name(call.func)
    if dotted.split('.')[0] in CLEAN_MODULES:
        return True
    name = last_name(call.func).lower()
    return any(word in name for word in SANITIZER_WORDS)


def check_python(filename: str, text: str, policy: Policy = DEFAULT_POLICY) -> list[CheckFinding]:
    """Findings in Python source.  Raises PythonSyntaxError when it does not parse (or is
    nested too deeply to analyse)."""
    module = PythonModule(filename, text)
    try:
        found = _Analysis(module, policy).run()
    except RecursionError:
        raise PythonSyntaxError('too deeply nested to analyse') from None
    return without_allowlisted(found, text)


def check_text(filename: str, text: str, policy: Policy = DEFAULT_POLICY) -> list[CheckFinding]:
    """Findings in one file; none for files that are not Python."""
    if file_kind(filename, text) != PYTHON:
        return []
    return check_python(filename, text, policy)


# ---------------------------------------------------------------------------------------------
# The command.
# ---------------------------------------------------------------------------------------------

CONFIG_OPTIONS = ('secret_name_patterns', 'exclude')

FIX = (
    'Fix: log that the value exists, not the value: its length, a hash or a masked form '
    '(hooks.logs.mask), or a key id; log settings field by field; never put a secret in an '
    'exception message. Install hooks.logs.RedactingFilter as a safety net at run time. A false '
    'positive can be marked `# pragma: allowlist secret` on its line.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser, 'Python files to check (default: every Python file git tracks)',
                       CONFIG_OPTIONS)


def run(args: argparse.Namespace, config: Config) -> int:
    policy = Policy.from_config(config)
    return run_check(args, config.exclude, lambda name, text: check_text(name, text, policy),
                     'logged secret', FIX)
