"""detect-secrets filters built on `hooks.rules`.

They are referenced by import path in the settings (and so in a baseline's `filters_used`), and
apply to detect-secrets' built-in plugins as well as ours.  Their options live in that settings
entry, so a baseline records exactly how it was filtered.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import html
import re
from typing import Any
from typing import Iterator

from detect_secrets.filters.heuristic import is_indirect_reference as _stock_is_indirect_reference
from detect_secrets.plugins.keyword import KeywordDetector
from detect_secrets.settings import get_settings

from hooks import keys
from hooks import lazyre
from hooks import rules
from hooks.detectors.db_url import _ADO_MARKERS
from hooks.detectors.db_url import iter_credentials
from hooks.detectors.jwt import TOKEN_RE
from hooks.detectors.jwt import JwtDetector
from hooks.detectors.jwt import _token_header
from hooks.detectors.jwt import b64url_json
from hooks.detectors.jwt import token_header

PREFIX = 'hooks.filters.'
_UNQUOTED_TAIL_RE = lazyre.compile(r'[^\s"\'`,;]{0,200}')
# Filters for documentation samples and not-a-secret values: `report_known_samples` drops them all.
KNOWN_SAMPLE_FILTERS = (
    'is_known_sample', 'is_known_sample_url_or_token', 'is_sample_password', 'is_not_a_secret',
)


def _options(name: str) -> dict[str, Any]:
    return get_settings().filters.get(PREFIX + name, {})


def is_placeholder(secret: str, line: str) -> bool:
    """`${VAR}`, `<password>`, `changeme`, ... and the configured extra placeholders.

    Also the value as written on the line: a plugin that stops at `)` or `}` reports
    `%(password` for `%(password)s`."""
    extra = _options('is_placeholder').get('extra', ())
    return rules.is_placeholder(secret, extra) or rules.is_placeholder(_as_written(secret, line), extra)


def _as_written(secret: str, line: str) -> str:
    start = line.find(secret)
    if start < 0:
        return secret
    return secret + _UNQUOTED_TAIL_RE.match(line, start + len(secret)).group()  # type: ignore[union-attr]


def is_known_sample(secret: str, line: str, plugin: Any, context: Any) -> bool:
    """Public example values (the jwt.io token), values spelling a placeholder marker whole
    (`AKIA…EXAMPLE`), and PEM blocks with no key material in the
    body (`-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----`)."""
    if rules.is_known_sample_value(secret) or rules.has_placeholder_word(secret):
        return True
    if _plugin_name(plugin) == 'PrivateKeyDetector':
        return not rules.pem_has_key_material(line, list(getattr(context, 'lines', None) or [line]))
    return False


def is_invalid_b2b_key(secret: str) -> bool:
    """A B2B-key-shaped string whose checksum fails is a sample, not a key (unless --strict)."""
    return keys.looks_like_key(secret) and not keys.is_valid_key(secret)


def is_indirect_reference(secret: str, line: str, plugin: Any) -> bool:
    """detect-secrets' `x = get_secret()` heuristic, for the keyword plugin only.

    Stock detect-secrets drops the whole line, which hides
    `engine = create_engine("postgresql://u:<real password>@db/app")` and
    `jwt.encode(payload, "<real key>")` from every plugin.
    """
    return isinstance(plugin, KeywordDetector) and _stock_is_indirect_reference(line)


# ---------------------------------------------------------------------------------------------
# Known samples and values that are not secrets (all disabled by `report_known_samples`).
# ---------------------------------------------------------------------------------------------

_PASSWORD_PLUGINS = (
    'KeywordDetector', 'BasicAuthDetector', 'DatabaseUrlDetector', 'SecretAssignmentDetector',
    'HttpCredentialDetector', 'CredentialFileDetector', 'CredentialApiDetector', 'SigningKeyDetector',
    'PgpassDetector', 'CredentialSlotDetector',
)
# Plugins whose slots are not code (netrc, curl, URLs), or that match a token format (`hvs.…`): a
# dotted value there is a literal.
_NOT_CODE_PLUGINS = (
    'CredentialFileDetector', 'PgpassDetector', 'HttpCredentialDetector', 'DatabaseUrlDetector', 'BasicAuthDetector',
    'PrefixedTokenDetector',
)
# Plugins that report the value of a credential slot: whatever its shape, it is a credential.
_SLOT_PLUGINS = (
    'SecretAssignmentDetector', 'HttpCredentialDetector', 'CredentialFileDetector', 'PgpassDetector', 'CredentialSlotDetector',
)
_ENTROPY_PLUGINS = ('HexHighEntropyString', 'Base64HighEntropyString')
# A value cut out of HTML keeps its entity: `PWD=password&quot;` is the password `password`.
_HTML_ENTITY_TAIL_RE = lazyre.compile(r'&(?:quot|apos|#39|#x27|#34|#x22|amp|lt|gt);?$')
_HMAC_ALGORITHMS = {'HS256': hashlib.sha256, 'HS384': hashlib.sha384, 'HS512': hashlib.sha512}


def _unescaped(secret: str, line: str) -> tuple[str, str]:
    """Undo detect-secrets' eager config transformer, which re-reads a line that gave no finding
    as `first_word = "<rest, with quotes escaped>"`: `"n": "<v>"` becomes `\\"n\\": \\"<v>\\"`."""
    if '\\"' not in line:
        return secret, line
    return secret.rstrip('\\'), line.replace('\\"', '"')


def _plugin_name(plugin: Any) -> str:
    return type(plugin).__name__


# Per-token and per-line judgements are cached: a token is judged by stock's JWT plugin and by
# ours, and every filter of one finding reads the same line (a line dense with findings would
# otherwise decode, MAC and parse the same text several times per finding).
_CACHE = 4096


@functools.lru_cache(maxsize=_CACHE)
def _signed_with_sample_key(token: str) -> bool:
    """A JWS whose HMAC verifies with a published sample key: anyone can mint it."""
    header = token_header(token)
    digest = _HMAC_ALGORITHMS.get(str((header or {}).get('alg')))
    if digest is None or token.count('.') != 2:
        return False
    signing_input, _, signature = token.rpartition('.')
    for key in rules.KNOWN_SAMPLE_SIGNING_KEYS:
        mac = hmac.new(key.encode('utf-8'), signing_input.encode('ascii'), digest).digest()
        if hmac.compare_digest(base64.urlsafe_b64encode(mac).rstrip(b'=').decode('ascii'), signature):
            return True
    return False


def _url_credentials(line: str) -> Iterator[tuple[str, str, str]]:
    """(user, decoded password, raw password) of every `scheme://user:password@` on the line."""
    for c in rules.iter_url_credentials(line):
        yield c.user, c.password, c.raw_password


@functools.lru_cache(maxsize=_CACHE)
def _is_published_example_token(token: str) -> bool:
    """jwt.io's example payload (`John Doe`, subject 1234567890), whatever the key, and the
    demo keys a framework publishes for local development (Supabase's `supabase-demo`)."""
    parts = token.split('.')
    payload = b64url_json(parts[1]) if len(parts) == 3 else None
    if not isinstance(payload, dict):
        return False
    return rules.is_published_example_claims(payload)


def is_known_sample_url_or_token(secret: str, line: str) -> bool:
    """Documentation credentials in any URL scheme (`driver://user:password@host`), published
    sample signing keys, and tokens signed with them."""
    secret, line = _unescaped(secret, line)
    if rules.is_known_sample_key(secret) or rules.is_known_sample_key_digest(secret):
        return True
    if secret.startswith('eyJ') and any(
        secret in token and (_signed_with_sample_key(token) or _is_published_example_token(token))
        for token in _tokens(line)  # stock's JWT plugin cuts tokens short
    ):
        return True
    return False


@functools.lru_cache(maxsize=1024)
def _tokens(line: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(line)) if 'eyJ' in line else ()


@functools.lru_cache(maxsize=1024)
def _jwt_findings(line: str) -> tuple[str, ...]:
    return tuple(JwtDetector().find(line))


@functools.lru_cache(maxsize=1024)
def _credentials(line: str) -> tuple[Any, ...]:
    """db_url.iter_credentials(line), read once per line for all the filters of its findings."""
    return tuple(iter_credentials(line))


def clear_caches() -> None:
    """Empty the per-token, per-value and per-line caches (tests time the work, not cache hits;
    detect-secrets also empties them whenever its settings change)."""
    from hooks.detectors.credentials import is_secret_slot

    for cached in (_signed_with_sample_key, _is_published_example_token, _tokens, _jwt_findings,
                   _credentials, _credential_context_of, _hosts_in, _host_slots, _user_slot,
                   _is_sample_credential, _token_header, is_secret_slot):
        cached.cache_clear()


def is_sample_password(secret: str, line: str, plugin: Any, context: Any) -> bool:
    """The labelling policy (hooks.rules.is_sample_credential) for every value in a credential
    slot: a placeholder or a published example is a sample; a trivial value (default-password
    words, the user name, 4 characters or fewer) is a sample at a reserved host or with no host,
    and a finding at a real-looking host.  Never applied to tokens, keys or entropy findings."""
    name = _plugin_name(plugin)
    if name not in _PASSWORD_PLUGINS:
        return False
    secret, line = _unescaped(secret, line)
    value = _HTML_ENTITY_TAIL_RE.sub('', html.unescape(secret) if '&' in secret else secret)
    user, hosts, slot = _credential_context(secret, line, context)
    if name == 'SigningKeyDetector':
        hosts = []  # a signing key protects no host: a trivial one is a test key
    if name == 'HttpCredentialDetector' and value == secret:
        value = _http_password(secret, line)
    if name == 'CredentialFileDetector':
        value = _file_password(secret, line)
    if name == 'PgpassDetector':
        from hooks.detectors.credentials import PGPASS_RE

        m = PGPASS_RE.match(line.strip())
        if m:
            user, hosts = m.group('user'), [m.group('host')]
    # A path (`/run/secrets/db`) names where a secret is kept: a reference, not a value.
    if rules.is_file_path(value):
        return True
    if slot is None:  # the name the line assigns the value to: parsed only when it can matter
        named = rules.may_be_named_before(value, secret, line) and rules.may_be_named(value, line)
        slot = _assigned_name(secret, line) if named else ''
    return _is_sample_credential(value, user, tuple(hosts), slot)


# Several plugins report one value (the keyword and slot plugins): judged once.
@functools.lru_cache(maxsize=1024)
def _is_sample_credential(value: str, user: str, hosts: tuple[str, ...], slot: str) -> bool:
    return rules.is_sample_credential(value, user, hosts, slot)


def _http_password(secret: str, line: str) -> str:
    from hooks.detectors.credentials import iter_http_credentials

    for c in iter_http_credentials(line):
        if c.raw == secret:
            return c.password
    return secret


def _file_password(secret: str, line: str) -> str:
    from hooks.detectors.credentials import iter_file_credentials

    for c in iter_file_credentials(line):
        if c.raw == secret:
            return c.password
    return secret


_USER_SLOT_RE = lazyre.compile(
    r'''(?i:(?<![A-Za-z])(?:user(?:_?name)?|login|uid|user\s?id)["']?\s{0,5}(?:=|:|=>)\s{0,5}["']?)(?P<u>[^\s"';,]{1,256})'''
)


HOST_LINES = 3


def _credential_context(secret: str, line: str, context: Any) -> tuple[str, list[str], str | None]:
    """(user name, hosts, slot name) around a credential value: from the URL or connection
    string that holds it, else from the line and the lines around it (slot None: the name the
    line assigns the value to, see _assigned_name)."""
    lines = list(getattr(context, 'lines', None) or [line])
    target = getattr(context, 'target_index', None)
    if isinstance(target, int):  # host settings written next to the credential (± HOST_LINES)
        lines = lines[max(0, target - HOST_LINES):target + HOST_LINES + 1]
    user, hosts, slot = _credential_context_of(secret, line, tuple(lines))
    return user, list(hosts), slot


# The slot plugins and the keyword plugin often report the same value: judged once.
@functools.lru_cache(maxsize=_CACHE)
def _credential_context_of(secret: str, line: str, lines: tuple[str, ...]) -> tuple[str, tuple[str, ...], str | None]:
    from hooks.detectors.credentials import iter_http_credentials

    if _names_no_context(line, lines):
        return '', (), None  # what the readers below give on such a line, read without them
    for c in _credentials(line):
        if secret in (c.password, c.raw):
            if c.host:
                return c.user, (c.host,), ''
            if c.host is not None:  # `scheme://u:p@/db?host=10.0.0.5`: libpq reads the host from the query
                return c.user, _host_slots(line) or (c.host,), ''
            return c.user, _hosts_in(line), ''
    for url in rules.iter_url_credentials(line):
        if secret in (url.password, url.raw_password):
            return url.user, (url.host,), ''
    user = ''
    for http in iter_http_credentials(line) if ('-u' in line or 'uth' in line) else ():
        if http.raw == secret:
            user = http.user
    hosts = list(_hosts_in(line))
    for other in lines:
        hosts.extend(_host_slots(other))
        if not user:
            user = _user_slot(other)
    return user, tuple(hosts), None


# What each reader of _credential_context_of needs on an ASCII line: connection URLs `://`,
# JDBC `jdbc:`, ADO.NET strings one of db_url's marker words, Redis options `,`, HTTP
# credentials `-u` or `uth`; host and user slots one of their words (rules.HOST_SLOT_WORDS,
# _USER_SLOT_WORDS).
_CONTEXT_LITERALS = ('://', ',', '-u', 'uth')


def _names_no_context(line: str, lines: tuple[str, ...]) -> bool:
    """True when no reader of _credential_context_of can find anything on `line` and `lines`:
    a finding's surroundings in a dense line (`password="…" password="…"`) usually hold none of
    their literals, and each reader would parse them for nothing (a tenth of the time)."""
    if not line.isascii() or _CONTEXT_LITERALS_RE.search(line) or _LINE_WORDS_RE.search(line.lower()):
        return False
    for other in lines:
        if not other.isascii() or _OTHER_WORDS_RE.search(other.lower()):
            return False
    return True


def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """A regex finding any of `words` (a substring test: one search, not one `in` per word)."""
    return lazyre.compile('|'.join(map(re.escape, words)))


def _assigned_name(secret: str, line: str) -> str:
    """The name of the first assignment on `line` whose value is `secret` ('' when none)."""
    for a in rules.iter_assignments(line):
        if a.value == secret:
            return a.name
    return ''


# Per line: every finding on a line (and on the lines around it) reads the same hosts and user.
@functools.lru_cache(maxsize=1024)
def _hosts_in(line: str) -> tuple[str, ...]:
    return tuple(rules.hosts_in(line))


@functools.lru_cache(maxsize=1024)
def _host_slots(line: str) -> tuple[str, ...]:
    return tuple(rules.host_slots(line))


# Every match of _USER_SLOT_RE holds one of these words: a line with none of them has no user slot.
_USER_SLOT_WORDS = ('user', 'login', 'uid')
# The literals and words of _names_no_context: on `line` (as written, then lower-cased), on `lines`.
_CONTEXT_LITERALS_RE = _alternation(_CONTEXT_LITERALS)
_LINE_WORDS_RE = _alternation(('jdbc:',) + _ADO_MARKERS + rules.HOST_SLOT_WORDS)
_OTHER_WORDS_RE = _alternation(rules.HOST_SLOT_WORDS + _USER_SLOT_WORDS)


@functools.lru_cache(maxsize=1024)
def _user_slot(line: str) -> str:
    if not rules._may_hold(line, _USER_SLOT_WORDS):  # a cheap test first: every finding's context asks
        return rules.cli_user(line)
    m = _USER_SLOT_RE.search(line)
    return m.group('u') if m else rules.cli_user(line)


def is_duplicate_url_credential(secret: str, line: str, plugin: Any) -> bool:
    """detect-secrets' Basic Auth finding for a password our DB-URL plugin reports (decoded)."""
    return _plugin_name(plugin) == 'BasicAuthDetector' and any(
        secret in c.raw for c in _credentials(line)  # stock cuts `p@ss@host` at the first `@`
    )


def _describes_a_secret(secret: str, line: str) -> bool:
    """detect-secrets' keyword hit on a name that describes a secret instead of holding it
    (`secret_type = '…'`, `password_length: 12`, `hashed_password = …`)."""
    from hooks.detectors.credentials import is_secret_slot

    return any(a.value == secret and not is_secret_slot(a.name) for a in rules.iter_assignments(line))


def is_not_a_secret(secret: str, line: str, filename: str, plugin: Any) -> bool:
    """Values in places that hold no secret although entropy plugins flag them: pre-commit
    `rev:` SHAs, Alembic revision ids, `--hash=sha256:` digests, lock-file digests, words of a
    generated docs search index, UUIDs,
    `data:...;base64,` payloads, public JWK members and key ids, code references
    (`client.get_key(...)`), short hex ids and runs of the alphabet."""
    secret, line = _unescaped(secret, line)
    name = _plugin_name(plugin)
    if rules.is_pinned_revision(secret, line) or rules.is_alembic_revision(secret, line):
        return True
    if rules.is_labelled_digest(secret, line):
        return True
    if rules.is_uuid(secret) and name not in _SLOT_PLUGINS:
        return True  # an identifier, unless a credential slot holds it (`*_PRIVATE_KEY=<uuid>`)
    if rules.is_non_secret_slot_value(secret, line) or rules.is_public_named_value(secret, line):
        return True
    if rules.is_publishable_key(secret):
        return True
    if name == 'KeywordDetector' and _describes_a_secret(secret, line):
        return True
    if name in ('KeywordDetector', 'SecretAssignmentDetector') and rules.is_unquoted_reference(secret, line):
        return True
    if rules.is_data_uri_payload(secret, line) or rules.is_public_key_member(secret, line):
        return True
    if name not in _NOT_CODE_PLUGINS and rules.is_code_reference(secret, line):
        return True
    if rules.is_concatenated(secret, line):
        return True
    if name == 'JwtTokenDetector' and secret.startswith('eyJ'):
        # stock's JWT plugin also reports unsigned (`alg: none`) tokens: ours is the judge
        return not any(secret in token for token in _jwt_findings(line))
    if name in _ENTROPY_PLUGINS:
        if rules.is_lock_file(filename) or rules.is_word_index_file(filename):
            return True
        if rules.is_alphabet_run(secret):
            return True
        return name == 'HexHighEntropyString' and rules.is_short_hex(secret)
    return False
