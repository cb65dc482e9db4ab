"""The secrets inventory (`secrets-inventory.yaml`): its schema, and the rotation check.

The inventory lists every secret the product uses, who owns it, how often it is rotated and
when it last was.  `check-secret-rotation` fails when a rotation is overdue, when a
secret-named variable is in use (code, Compose files, committed env files) but not inventoried,
and when a dual-window secret's previous-values variable is missing from an env file that
declares the secret.

The YAML is read with PyYAML's safe loader, node by node, so every error names the line, the
entry and the field, and `rotate` can rewrite the one `last_rotated` value in place.
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Iterable
from typing import Sequence

import yaml

from hooks import dotenv as envfile
from hooks.findings import CheckFinding
from hooks.errors import UsageError
from hooks.errors import shown_name
from hooks.rules import PUBLIC_BY_DESIGN_RE
from hooks.rules import SecretNames

CRITICALITIES = ('critical', 'high', 'medium', 'low')
USED_IN = ('backend', 'frontend', 'infra', 'b2b')
STRATEGIES = ('dual-window', 'immediate')
# token: random URL-safe text (JWT / HMAC keys); b2b-key: our checksummed key format;
# external: issued by a third party (rotated at the provider, recorded with --record).
FORMATS = ('token', 'b2b-key', 'external')

REQUIRED_FIELDS = (
    'env_var', 'description', 'owner', 'criticality', 'used_in', 'rotation_days',
    'last_rotated', 'strategy',
)
OPTIONAL_FIELDS = ('previous_env_var', 'format')
FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
TOP_LEVEL_KEYS = ('version', 'secrets')

ENV_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]{0,200}')
# Where the inventory's format is documented (a user's repository has no docs/ of ours).
FORMAT_DOC = 'docs/rotation-runbook.md of secret-hooks, section "The inventory"'
# A value built from other variables (`postgresql://app:${POSTGRES_PASSWORD}@db/app`) is not a
# secret of its own: the variables it is built from are.
_REFERENCE_RE = re.compile(r'(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]{0,200})')


def _built_from_others(name: str, value: str) -> bool:
    """`DATABASE_URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db/app` is; a
    pass-through of the variable itself (`POSTGRES_PASSWORD=${POSTGRES_PASSWORD?unset}`) is not."""
    return bool({m.group(1).upper() for m in _REFERENCE_RE.finditer(value)} - {name.upper()})
_COMPOSE_ASSIGN_RE = re.compile(
    r'^[ \t]*(?:-[ \t]*)?["\']?([A-Z_][A-Z0-9_]{0,200})["\']?[ \t]*[=:][ \t]*(\S[^\n]{0,4000})$')
# A date a day ahead is tolerated: the machine that rotated may be east of the one checking.
FUTURE_TOLERANCE_DAYS = 1


class InventoryError(UsageError):
    """The inventory is not valid: exit 2, one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        # The CLI prints 'secret-hooks: error: <message>': give each problem its own such line.
        super().__init__('\nsecret-hooks: error: '.join(self.problems))


@dataclass(frozen=True)
class Entry:
    env_var: str
    description: str
    owner: str
    criticality: str
    used_in: tuple[str, ...]
    rotation_days: int
    last_rotated: datetime.date
    strategy: str
    previous_env_var: str | None
    format: str                      # resolved: explicit, or derived (see resolve_format)
    line: int                        # 1-based line of the entry
    last_rotated_line: int
    last_rotated_span: tuple[int, int]  # character offsets of the date (quotes included)
    last_rotated_quote: str          # '', '"' or "'"

    def due(self) -> datetime.date:
        return self.last_rotated + datetime.timedelta(days=self.rotation_days)


@dataclass(frozen=True)
class Inventory:
    path: str
    text: str
    entries: tuple[Entry, ...]

    def get(self, name: str) -> Entry | None:
        for entry in self.entries:
            if entry.env_var.upper() == name.upper():
                return entry
        return None

    def covered_names(self) -> set[str]:
        """Upper-cased names the inventory accounts for: each secret and its previous values."""
        names = set()
        for entry in self.entries:
            names.add(entry.env_var.upper())
            if entry.previous_env_var:
                names.add(entry.previous_env_var.upper())
        return names


def resolve_format(explicit: str | None, env_var: str, used_in: Iterable[str]) -> str:
    """`format` when given; else a B2B API key for a `b2b` secret whose name is not a signing
    key's (`API_CREDENTIALS_SECRET_KEY` is an HMAC key, `PARTNER_API_KEY` a B2B key); else a token."""
    if explicit:
        return explicit
    if 'b2b' in used_in and not SecretNames.is_signing_key_name(env_var):
        return 'b2b-key'
    return 'token'


# ---------------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------------

class _Problems:
    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, node: yaml.Node | None, label: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.items.append(f'{self.path}:{line}: {label}: {message}' if label else
                          f'{self.path}:{line}: {message}')


def _pairs(node: yaml.MappingNode, problems: _Problems, label: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """A mapping's scalar keys -> (key node, value node); duplicate keys are errors (PyYAML
    would silently keep the last one)."""
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(key_node, label, 'keys must be plain names')
            continue
        key = str(key_node.value)
        if key in out:
            # Name a key only when it is one of ours: an unknown one may be a pasted value.
            problems.add(key_node, label, f'{shown_name(key, quoted=False)}: given twice')
            continue
        out[key] = (key_node, value_node)
    return out


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _entry(loader: yaml.SafeLoader, node: yaml.Node, index: int, problems: _Problems,
           today: datetime.date) -> Entry | None:
    label = f'entry {index}'
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, label, 'must be a mapping of fields (env_var: ..., owner: ...)')
        return None
    before = len(problems.items)
    pairs = _pairs(node, problems, label)
    name_node = pairs.get('env_var', (None, None))[1]
    if isinstance(name_node, yaml.ScalarNode) and ENV_NAME_RE.fullmatch(str(name_node.value)):
        label = str(name_node.value)  # name the entry in every message, even the first
    values: dict[str, Any] = {}
    unreadable: set[str] = set()
    for key, (_, value_node) in pairs.items():
        try:
            values[key] = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError):  # e.g. the date 2026-13-01
            problems.add(value_node, label, f'{key}: not a valid value')
            values[key] = None
            unreadable.add(key)
    name = values.get('env_var')
    if isinstance(name, str) and ENV_NAME_RE.fullmatch(name):
        label = name
    elif 'env_var' in unreadable:
        pass  # already reported
    else:
        where = pairs['env_var'][1] if 'env_var' in pairs else node
        problems.add(where, label, 'env_var: required, an environment variable name (JWT_SECRET_KEY)')

    def at(field_name: str) -> yaml.Node:
        return pairs[field_name][1] if field_name in pairs else node

    def bad(field_name: str, why: str) -> None:
        problems.add(at(field_name), label, f'{field_name}: {why}')

    for key in pairs:
        if key not in FIELDS:
            problems.add(pairs[key][0], label, f'unknown field {shown_name(key)} (known: {", ".join(FIELDS)})')
    missing = [key for key in REQUIRED_FIELDS if key != 'env_var' and key not in pairs]
    if missing:
        problems.add(node, label, f'required field{"s" if len(missing) > 1 else ""} missing: {", ".join(missing)}')

    for key in ('description', 'owner'):
        if key in pairs and not _text(values[key]):
            bad(key, 'must be non-empty text')
    if 'criticality' in pairs and values['criticality'] not in CRITICALITIES:
        bad('criticality', f'must be one of {", ".join(CRITICALITIES)}')
    used_in = values.get('used_in')
    if isinstance(used_in, str):
        used_in = [used_in]
    if 'used_in' in pairs and (not isinstance(used_in, list) or not used_in
                               or any(u not in USED_IN for u in used_in)):
        bad('used_in', f'must be a list of {", ".join(USED_IN)}')
        used_in = []
    days = values.get('rotation_days')
    if 'rotation_days' in pairs and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
        bad('rotation_days', 'must be a whole number of days, 1 or more')
    last = values.get('last_rotated')
    if isinstance(last, str):
        try:
            last = datetime.date.fromisoformat(last.strip())
        except ValueError:
            pass
    if 'last_rotated' in pairs:
        if isinstance(last, datetime.datetime) or not isinstance(last, datetime.date):
            bad('last_rotated', 'must be a date, YYYY-MM-DD')
        elif last > today + datetime.timedelta(days=FUTURE_TOLERANCE_DAYS):
            bad('last_rotated', f'{last.isoformat()} is in the future')
    strategy = values.get('strategy')
    if 'strategy' in pairs and strategy not in STRATEGIES:
        bad('strategy', f'must be one of {", ".join(STRATEGIES)}')
    previous = values.get('previous_env_var')
    if 'previous_env_var' in pairs and not (isinstance(previous, str) and ENV_NAME_RE.fullmatch(previous)):
        bad('previous_env_var', 'must be an environment variable name (JWT_PREVIOUS_SECRET_KEYS)')
    elif strategy == 'dual-window' and 'previous_env_var' not in pairs:
        bad('previous_env_var', 'required for strategy dual-window: the variable that holds '
                                'the previous values (JWT_PREVIOUS_SECRET_KEYS)')
    elif strategy == 'immediate' and 'previous_env_var' in pairs:
        bad('previous_env_var', 'only for strategy dual-window (immediate keeps no previous values)')
    elif isinstance(previous, str) and isinstance(name, str) and previous.upper() == name.upper():
        bad('previous_env_var', 'must differ from env_var')
    fmt = values.get('format')
    if 'format' in pairs and fmt not in FORMATS:
        bad('format', f'must be one of {", ".join(FORMATS)}')

    if len(problems.items) != before:
        return None
    date_node = pairs['last_rotated'][1]
    quote = date_node.style if isinstance(date_node, yaml.ScalarNode) and date_node.style in ('"', "'") else ''
    return Entry(
        env_var=name, description=values['description'].strip(), owner=values['owner'].strip(),
        criticality=values['criticality'], used_in=tuple(used_in), rotation_days=days,
        last_rotated=last, strategy=strategy, previous_env_var=previous,
        format=resolve_format(fmt, name, used_in),
        line=node.start_mark.line + 1,
        last_rotated_line=date_node.start_mark.line + 1,
        last_rotated_span=(date_node.start_mark.index, date_node.end_mark.index),
        last_rotated_quote=quote,
    )


def parse_inventory(text: str, path: str, today: datetime.date | None = None) -> Inventory:
    """The validated inventory; InventoryError (exit 2) naming each bad entry and field."""
    today = today or datetime.date.today()
    problems = _Problems(path)
    loader = yaml.SafeLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as e:
            mark = getattr(e, 'problem_mark', None) or getattr(e, 'context_mark', None)
            line = mark.line + 1 if mark is not None else 1
            raise InventoryError([
                f'{path}:{line}: not valid YAML: {getattr(e, "problem", None) or type(e).__name__}',
            ]) from None
        if not isinstance(root, yaml.MappingNode):
            raise InventoryError([f'{path}:1: must be a mapping with a `secrets:` list'])
        top = _pairs(root, problems, '')
        for key, (key_node, value_node) in top.items():
            if key not in TOP_LEVEL_KEYS:
                problems.add(key_node, '', f'unknown key {shown_name(key)} (known: {", ".join(TOP_LEVEL_KEYS)})')
        if 'version' in top and not (isinstance(top['version'][1], yaml.ScalarNode)
                                     and top['version'][1].value == '1'):
            problems.add(top['version'][1], '', 'version: must be 1')
        entries: list[Entry] = []
        if 'secrets' not in top:
            problems.add(root, '', 'secrets: required, the list of secrets')
        else:
            node = top['secrets'][1]
            if isinstance(node, yaml.ScalarNode) and node.tag == 'tag:yaml.org,2002:null':
                items: list[yaml.Node] = []
            elif not isinstance(node, yaml.SequenceNode):
                problems.add(node, '', 'secrets: must be a list of entries')
                items = []
            else:
                items = node.value
            for index, item in enumerate(items, start=1):
                entry = _entry(loader, item, index, problems, today)
                if entry is not None:
                    entries.append(entry)
    finally:
        loader.dispose()
    seen: dict[str, Entry] = {}
    for entry in entries:
        for name in filter(None, (entry.env_var, entry.previous_env_var)):
            other = seen.get(name.upper())
            if other is not None:
                problems.items.append(
                    f'{path}:{entry.line}: {entry.env_var}: {name} is already used by the entry '
                    f'on line {other.line} ({other.env_var})',
                )
            else:
                seen[name.upper()] = entry
    if problems.items:
        raise InventoryError(problems.items)
    return Inventory(path=path, text=text, entries=tuple(entries))


def load_inventory(path: str, today: datetime.date | None = None) -> Inventory | None:
    """The inventory at `path`, or None when there is none."""
    try:
        text = envfile.read(path)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) else 'not UTF-8'
        raise UsageError(f'{path}: cannot read: {reason}') from None
    return parse_inventory(text, path, today)


def set_last_rotated(inventory: Inventory, entry: Entry, date: datetime.date) -> str:
    """The inventory text with this entry's date replaced in place: comments, order and
    formatting of everything else are unchanged."""
    start, end = entry.last_rotated_span
    quote = entry.last_rotated_quote
    return inventory.text[:start] + f'{quote}{date.isoformat()}{quote}' + inventory.text[end:]


# ---------------------------------------------------------------------------------------------
# Which variables a file uses
# ---------------------------------------------------------------------------------------------

# ${NAME}, ${NAME:-x}, $NAME (not $$NAME, Compose's escape); `- NAME=...` and `NAME: ...` keys
# of an environment list/mapping (upper-case keys only, so `image:` is not a variable).
_COMPOSE_REF_RE = re.compile(r'(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]{0,200})')
_COMPOSE_KEY_RE = re.compile(r'^[ \t]*(?:-[ \t]*)?["\']?([A-Z_][A-Z0-9_]{0,200})["\']?[ \t]*[=:]')
# process.env.NAME, process.env["NAME"], import.meta.env.NAME (frontend code).
_JS_REF_RE = re.compile(r'''(?:process\.env|import\.meta\.env)(?:\.|\[["'])([A-Za-z_][A-Za-z0-9_]{0,200})''')

COMPOSE_NAME_RE = re.compile(r'(?:^|[-_.])compose(?:[-_.][\w.\-]{0,100})?\.ya?ml$')
JS_EXTENSIONS = ('.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.vue', '.svelte')


def _line_uses(text: str, patterns: Sequence[re.Pattern[str]]) -> list[tuple[str, int]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in patterns:
            found.extend((m.group(1), number) for m in pattern.finditer(line))
    return found


def used_env_variables(filename: str, text: str, errors: list[str] | None = None) -> list[tuple[str, int]]:
    """(name, line) of each env variable / settings field a file reads.

    hooks.fallbacks reads Python (ast: os.getenv, os.environ, pydantic-settings fields),
    shell, Dockerfiles and YAML (`${X}`); on top of it, this check also counts Compose
    `environment:` keys and bare `$X`, and frontend code (`process.env.X`, `import.meta.env.X`).
    """
    from hooks.fallbacks import used_env_variables as code_uses

    used = list(code_uses(filename, text, errors))
    base = os.path.basename(filename).lower()
    if COMPOSE_NAME_RE.search(base):
        used.extend(_line_uses(text, (_COMPOSE_REF_RE, _COMPOSE_KEY_RE)))
    elif base.endswith(JS_EXTENSIONS):
        used.extend(_line_uses(text, (_JS_REF_RE,)))
    return sorted(set(used), key=lambda u: (u[1], u[0]))


# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------

# Test code plants fake secret-named variables: not the product's secrets (see --include-tests).
TEST_PATH_RE = re.compile(
    r'(?:^|/)(?:tests?|testing|__tests__)/|(?:^|/)(?:test_[^/]{0,200}|[^/]{0,200}_test|conftest)\.py$',
)


@dataclass
class CheckResult:
    problems: list[CheckFinding]
    warnings: list[CheckFinding]
    notes: list[str]
    errors: list[str] = field(default_factory=list)  # `path: reason` of files not read


@dataclass(frozen=True)
class Use:
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
    from hooks import isolation

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
                f'rotation due in {left} days, on {due.isoformat()} ({when})',
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


def repository_texts(paths: Iterable[str], exclude: Sequence[str] = (), include_tests: bool = False,
                     env_patterns: Sequence[str] = (),
                     errors: list[str] | None = None) -> Iterable[tuple[str, str]]:
    """(path, text) of the files this check reads; others are skipped without being opened.
    An unreadable file is one line in `errors` (when given)."""
    from hooks.files import normalize_path
    from hooks.files import read_text

    excluded = [re.compile(p) for p in exclude]
    for path in paths:
        rel = normalize_path(path)
        if any(p.search(rel) for p in excluded) or (not include_tests and TEST_PATH_RE.search(rel)):
            continue
        if not (envfile.is_env_file(rel, env_patterns) or used_env_variables_applies(rel)):
            continue
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        try:
            text = read_text(path)
        except OSError as e:
            if errors is not None:
                errors.append(f'{rel}: cannot read: {e.strerror}')
            continue
        if text is not None:
            yield rel, text


def used_env_variables_applies(path: str) -> bool:
    """Whether `used_env_variables` may find anything in `path` (else it is not even opened)."""
    from hooks.fallbacks import file_kind

    base = os.path.basename(path).lower()
    return (base.endswith(JS_EXTENSIONS) or bool(COMPOSE_NAME_RE.search(base))
            or file_kind(path) is not None or '.' not in base)  # extensionless: maybe a script
