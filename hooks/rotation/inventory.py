"""The secrets inventory (`secrets-inventory.yaml`): its schema, reading it, and rewriting one
`last_rotated` date in place.

The inventory lists every secret the product uses, who owns it, how often it is rotated and
when it last was (hooks.rotation.check checks the repository against it).

The YAML is read with PyYAML's safe loader, node by node, so every error names the line, the
entry and the field, and `rotate` can rewrite the one `last_rotated` value in place.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any
from typing import Iterable
from typing import Sequence
from typing import cast

import yaml

from hooks import dotenv as envfile
from hooks.errors import UsageError
from hooks.errors import shown_name
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
    # No problem was added: every field has the type its check above requires.
    env_var, used = cast(str, name), tuple(cast('list[str]', used_in))
    return Entry(
        env_var=env_var, description=values['description'].strip(), owner=values['owner'].strip(),
        criticality=values['criticality'], used_in=used, rotation_days=cast(int, days),
        last_rotated=cast(datetime.date, last), strategy=cast(str, strategy),
        previous_env_var=cast('str | None', previous),
        format=resolve_format(cast('str | None', fmt), env_var, used),
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
