"""Credentials in database, cache and broker connection URLs and strings."""
from __future__ import annotations

import functools
import re
from typing import Iterator
from typing import NamedTuple
from urllib.parse import unquote

from hooks import lazyre
from hooks import rules
from hooks.detectors.base import LineDetector
from hooks.scan.prefilter import Trigger

SCHEMES = (
    'postgres', 'postgresql', 'pgsql', 'cockroachdb', 'mysql', 'mariadb', 'mssql', 'sqlserver',
    'oracle', 'mongodb', 'redis', 'rediss', 'valkey', 'amqp', 'amqps', 'clickhouse', 'snowflake',
    'db2', 'ibm_db_sa', 'sybase', 'firebird', 'memcached', 'neo4j', 'couchdb', 'cassandra',
)

# scheme[+driver]://[user]:password@host: the URLs hooks.rules reads (rules.iter_url_credentials)
# whose scheme ends in a database scheme (`jdbc:postgresql`, `x.redis`, `postgresql+psycopg2`).
DB_SCHEME_RE = lazyre.compile(
    r'(?:^|[^A-Za-z0-9])(?:' + '|'.join(sorted(SCHEMES, key=len, reverse=True)) +
    r')(?:\+[A-Za-z0-9_]{1,30})?$',
    re.IGNORECASE,
)
# jdbc:...?user=app&password=...  /  jdbc:sqlserver://h;user=sa;password=...
JDBC_URL_MAX = 4096
JDBC_RE = lazyre.compile(r'jdbc:[a-z0-9]{1,30}:', re.IGNORECASE)
JDBC_PASSWORD_RE = lazyre.compile(r'[?;&:]\s{0,5}password\s{0,5}=\s{0,5}([^&;\s\'"`]{1,256})', re.IGNORECASE)
JDBC_USER_RE = lazyre.compile(r'[?;&:]\s{0,5}user(?:name)?\s{0,5}=\s{0,5}([^&;\s\'"`]{1,256})', re.IGNORECASE)
# jdbc:oracle:thin:user/password@host:1521:sid
ORACLE_THIN_RE = lazyre.compile(r'jdbc:oracle:[a-z]{1,10}:([^/@:\s\'"`]{1,128})/([^@\s\'"`]{1,256})@', re.IGNORECASE)
# ADO.NET / ODBC: only on lines that read like a connection string.
ADO_MARKER_RE = lazyre.compile(
    r'(?:^|[;\'"\s])(?:server|data source|host|hostname|endpoint|driver|database|initial catalog|uid|user id|dsn)'
    r'\s{0,5}=', re.IGNORECASE,
)
# Password slots of ADO.NET / ODBC strings, and the keys of Azure connection strings (Service
# Bus / Event Hubs / IoT Hub `SharedAccessKey=`, App Configuration `Secret=`).  `AccountKey=` is
# stock detect-secrets' Azure Storage plugin's.
ADO_PASSWORD_RE = lazyre.compile(
    r'(?:^|[;\'"\s])(?:password|pwd|sharedaccesskey|secret)\s{0,5}=\s{0,5}(\{[^}\n]{1,256}\}|[^;\'"`\s]{1,256})',
    re.IGNORECASE,
)
ADO_HOST_RE = lazyre.compile(
    r'(?:^|[;\'"\s])(?:server|data source|host|hostname|endpoint|address|addr)\s{0,5}=\s{0,5}'
    r'(?:[a-z]{1,10}:(?://)?)?([^;,\'"`\s/\\]{1,256})',
    re.IGNORECASE,
)
# StackExchange.Redis: `host:6380,password=...,ssl=True`.
REDIS_OPTIONS_RE = lazyre.compile(
    r'(?<![\w.\-])([A-Za-z0-9][\w.\-]{0,200}):\d{2,5},(?:[^,\s\'"`]{0,100},){0,10}?'
    r'password\s{0,5}=\s{0,5}([^,\s\'"`]{1,256})',
    re.IGNORECASE,
)
ADO_USER_RE = lazyre.compile(r'(?:^|[;\'"\s])(?:uid|user id|user|username)\s{0,5}=\s{0,5}([^;\'"`\s]{1,256})', re.IGNORECASE)

_TRIGGER_RE = lazyre.compile(r'://|jdbc:|pwd|password|sharedaccesskey|secret', re.IGNORECASE)


class Credential(NamedTuple):
    user: str
    password: str  # percent-decoded
    raw: str       # as written in the line
    host: str | None = None  # None: the string names no host


def iter_credentials(line: str) -> Iterator[Credential]:
    """Every (user, password) written into a connection URL or string on this line."""
    if not _TRIGGER_RE.search(line):
        return
    for c in rules.iter_url_credentials(line):
        if _is_db_scheme(c.scheme):
            yield _new_credential(Credential, (c.user, c.password, c.raw_password, c.host))
    lowered = line.lower()
    # (JDBC_RE ignores case: on an ASCII line its `jdbc:` is in the lower-cased line)
    jdbc = list(JDBC_RE.finditer(line)) if 'jdbc:' in lowered or not line.isascii() else []
    for n, m in enumerate(jdbc):
        # One URL's parameters: up to the next `jdbc:` and at most JDBC_URL_MAX characters, so
        # a line of many `jdbc:` prefixes costs linear time.
        end = min(jdbc[n + 1].start() if n + 1 < len(jdbc) else len(line), m.end() + JDBC_URL_MAX)
        rest = line[m.end():end]
        oracle = ORACLE_THIN_RE.match(line, m.start(), end)
        if oracle:
            yield Credential(oracle.group(1), unquote(oracle.group(2)), oracle.group(2), _jdbc_host(rest))
        pw = JDBC_PASSWORD_RE.search(rest)
        if pw:
            user = JDBC_USER_RE.search(rest)
            yield Credential(user.group(1) if user else '', unquote(pw.group(1)), pw.group(1), _jdbc_host(rest))
    if 'jdbc:' not in lowered and _may_be_ado(line, lowered) and ADO_MARKER_RE.search(line):
        # once: per password, a line of `pwd=a;` was quadratic (an ASCII line without the
        # regex's words has no user: not searched)
        user = ADO_USER_RE.search(line) if not line.isascii() or 'user' in lowered or 'uid' in lowered else None
        host = ADO_HOST_RE.search(line)
        user_name, host_name = user.group(1) if user else '', host.group(1) if host else None
        for m in ADO_PASSWORD_RE.finditer(line):
            raw = m.group(1)
            value = raw[1:-1] if raw.startswith('{') else raw
            yield _new_credential(Credential, (user_name, value, raw, host_name))
    # (on an ASCII line, a Redis option string holds `password` in some case, and a `:`)
    if ',' in line and (not line.isascii() or 'password' in lowered and ':' in line):
        for m in REDIS_OPTIONS_RE.finditer(line):
            yield Credential('', unquote(m.group(2)), m.group(2), m.group(1))


# A dense line repeats a few schemes: each is judged once.
@functools.lru_cache(maxsize=1024)
def _is_db_scheme(scheme: str) -> bool:
    return DB_SCHEME_RE.search(scheme) is not None


_new_credential = tuple.__new__  # a NamedTuple's own __new__ is a Python call per credential


_ADO_MARKERS = (
    'server', 'data source', 'host', 'endpoint', 'driver', 'database', 'initial catalog', 'uid',
    'user id', 'dsn',
)


def _may_be_ado(line: str, lowered: str) -> bool:
    """Whether ADO_MARKER_RE can match: one of its words is on the line (a cheap test first, for
    a line dense with URLs).  Not ASCII: its case-insensitive match knows more letters than
    `lower()` (`ſ` is an `s`), so let the regex decide."""
    if not line.isascii():
        return True
    for word in _ADO_MARKERS:  # (a loop: asked per finding's context, a generator costs more)
        if word in lowered:
            return True
    return False


_JDBC_HOST_RE = lazyre.compile(r'(?://|@)([^/:;?\s\'"`@]{1,256})')


def _jdbc_host(rest: str) -> str | None:
    m = _JDBC_HOST_RE.search(rest)
    return m.group(1) if m else None


class DatabaseUrlDetector(LineDetector):
    """The password in a DB / cache / broker URL: the baseline entry survives a host change."""

    secret_type = 'Database URL Credentials'
    # user and password exclude `/`, so `://` and the `@` are at most ~520 characters apart.
    TRIGGER = Trigger(
        ('://', 'jdbc:', 'pwd', 'password', 'sharedaccesskey', 'secret'),
        r'''://[^/\s'"`]{0,600}@|jdbc:|pwd|password|sharedaccesskey|secret\s{0,5}=''', lower=True,
    )

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        for credential in iter_credentials(line):
            if not rules.is_placeholder(credential.raw):  # `{pw}` in a template is no password
                yield credential.password
