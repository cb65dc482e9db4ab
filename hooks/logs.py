"""A `logging.Filter` that redacts secrets from log records at run time.

The check (`check-secret-logging`) keeps code that logs a secret out of the repository; this
filter is the safety net for what it cannot see: a token in a request path, a password in an
exception raised by a driver, a value that reached a log through code the check does not follow.

What is redacted, in the message (after %-formatting), string `extra` fields, the exception text
and the stack text:
- the password of any `scheme://user:password@host` URL (and `password=`/`pwd=` in connection
  strings and query strings), and the value after any secret-named label (`token=...`,
  `"api_key": "..."`);
- JWTs (JWS and JWE), B2B API keys (any prefix, checksum or not), PEM private key blocks;
- `Authorization` / `Proxy-Authorization` values, `Bearer`/`Basic` credentials and `Cookie` /
  `Set-Cookie` values;
- the current value of the configured environment variables (by name, or every variable the
  shared secret-name rules call secret), wherever it appears.

Install it on handlers (a logger's filters do not see records propagated from child loggers):

    'filters': {'redact': {'()': 'hooks.logs.RedactingFilter', 'env': ['JWT_SECRET_KEY']}},
    'handlers': {'console': {'class': 'logging.StreamHandler', 'filters': ['redact']}},

This module never imports detect-secrets (slow to import, and not needed at run time): its
patterns are the run-time counterparts of the plugins', and the tests hold them to the same
findings.  Every pattern is linear-time and each runs only when a cheap substring test says it
could match.
"""
from __future__ import annotations

import copy
import functools
import logging
import os
import re
import time
from typing import Any
from typing import Iterable
from typing import Mapping
from typing import Match

from hooks import keys
from hooks import rules

MASK = '[REDACTED]'
# Secret-named by the shared rules (`pwd`), but the working directory, not a password.
NOT_SECRET_ENV = frozenset({'PWD', 'OLDPWD'})
# The environment is re-read at most this often (seconds): os.environ.get costs ~1 us per name.
ENV_REFRESH_SECONDS = 1.0
# Shorter environment values (`1`, `true`, `dev`) would redact ordinary words everywhere.
MIN_ENV_VALUE_LENGTH = 6

# JWS (three parts) and JWE (five parts); `.` is not in the part alphabet: no backtracking.
JWT_RE = re.compile(
    r'(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{1,4000}(?:\.[A-Za-z0-9_\-]{0,20000}){2,4}(?![A-Za-z0-9_\-])',
)
# `jdbc:oracle:thin:user/password@host`: the one connection string with neither `://` nor a label.
ORACLE_THIN_RE = re.compile(r'jdbc:oracle:[a-z]{1,10}:[^/@:\s\'"`]{1,128}/(?P<v>[^@\s\'"`]{1,256})@', re.IGNORECASE)
B2B_KEY_RE = re.compile(rf'(?<![A-Za-z0-9]){keys.ANY_KEY_RE.pattern}(?![A-Za-z0-9])')
PEM_BEGIN_RE = re.compile(r'-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY( BLOCK)?-----')
PEM_END_RE = re.compile(r'-----END[A-Z0-9 ]{0,40} PRIVATE KEY( BLOCK)?-----')
# `Authorization: Bearer x`, `'authorization': 'Basic x'`, `(b'authorization', b'Bearer x')`.
AUTH_HEADER_RE = re.compile(
    r'(?i)(?:proxy-)?authorization["\']?\s{0,5}[:=,]\s{0,5}(?:b?["\'])?'
    r'(?:(?:bearer|basic|digest|token|apikey|api-key|hmac|negotiate|ntlm|aws4-hmac-sha256)\s{1,5})?'
    r'(?P<v>[^\s"\',;}\]\)]{1,8192})',
    re.ASCII,  # ASCII case folding: cheaper, and header names are ASCII
)
# A credential mixes in digits or capitals (`token_type=bearer expires_in=3600` holds none).
# `Cookie:` / `Set-Cookie:` headers carry session tokens: the whole value goes.
COOKIE_RE = re.compile(
    r'(?i)(?<![A-Za-z0-9_\-])(?:set-)?cookie["\']?\s{0,5}[:=,]\s{0,5}(?:b?["\'])?(?P<v>[^"\'\n]{1,8192})',
    re.ASCII,
)
BEARER_RE = re.compile(
    r'(?i)\b(?:bearer|basic)\s{1,5}(?-i:(?=[a-z._~+/\-]{0,8192}[0-9A-Z])(?P<v>[A-Za-z0-9._~+/\-]{8,8192}=*))',
    re.ASCII,
)
# Words one of which every secret-named label holds (a cheap test before the label regex).
# A label: one of the words every secret name holds, the rest of the name, then `=` or `:`.
# The part of the name before the word is found by LABEL_HEAD_RE (bounded, at one place).
LABEL_RE = re.compile(
    r'''(?P<name>(?:pass|pwd|token|secret|key|credential|dsn|auth)[A-Za-z0-9_.\-]{0,60})'''
    r'''["']?\s{0,5}[:=]''',
)
# For the rare text whose lower-case form has another length (offsets would not carry over).
LABEL_ANY_CASE_RE = re.compile(LABEL_RE.pattern, re.IGNORECASE)
# Matched on the reversed 60 characters before the word: one anchored match, no scan.
LABEL_HEAD_RE = re.compile(r'[A-Za-z0-9_.\-]{0,60}')
LABEL_VALUE_RE = re.compile(
    r'''\s{0,5}(?:b?(?P<q>["'])(?P<qv>[^"'\n]{1,1000})(?P=q)|(?P<v>[^\s"'`,;&}\])(]{1,1000}))''',
)

_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord('', 0, '', 0, '', (), None))) | {
    'message', 'asctime', 'taskName',
}


# Log lines repeat the same few labels: the rules' verdict on each is cached.
_is_secret_label = functools.lru_cache(maxsize=4096)(rules.DEFAULT_SECRET_NAMES.is_secret_name)


def mask(value: str, shown: int = 4) -> str:
    """`****abcd`: enough to tell two values apart in a log, too little to use either."""
    return '****' + (value[-shown:] if len(value) >= 4 * shown else '')


class Redactor:
    """Redacts secrets from text.

    `env`: names of environment variables whose current value is redacted; `secret_env`: also
    every variable present now that the shared rules call secret (`*_PASSWORD`, `*_TOKEN`,
    `DATABASE_URL`, ...); `labels`: redact values after secret-named labels (`token=...`);
    `environ`: the environment to read (default os.environ); `min_env_length`: shorter values
    are not redacted (they would hide ordinary words).  B2B keys of any prefix are redacted.
    """

    def __init__(
        self,
        env: Iterable[str] = (),
        secret_env: bool = True,
        replacement: str = MASK,
        labels: bool = True,
        environ: Mapping[str, str] | None = None,
        min_env_length: int = MIN_ENV_VALUE_LENGTH,
    ) -> None:
        self.environ = os.environ if environ is None else environ
        names = list(env)
        if secret_env:
            names.extend(
                n for n in self.environ
                if n not in NOT_SECRET_ENV and rules.DEFAULT_SECRET_NAMES.is_secret_name(n)
            )
        self.env_names = tuple(dict.fromkeys(names))
        self.replacement = replacement
        self.labels = labels
        self.min_env_length = min_env_length
        self._env_snapshot: tuple[str | None, ...] = ()
        self._env_values: tuple[str, ...] = ()
        self._env_read_at = 0.0
        self._refresh_env()

    def _refresh_env(self) -> None:
        self._env_read_at = time.monotonic()
        snapshot = tuple(self.environ.get(n) for n in self.env_names)
        if snapshot != self._env_snapshot:
            self._env_snapshot = snapshot
            values: set[str] = set()
            for v in snapshot:
                if v and len(v) >= self.min_env_length:
                    values.add(v)
                    # A URL-valued secret also leaks as its password alone.
                    values.update(c.raw_password for c in rules.iter_url_credentials(v)
                                  if len(c.raw_password) >= self.min_env_length)
            # Longest first: a value containing another is replaced whole.
            self._env_values = tuple(sorted(values, key=len, reverse=True))

    def _sub(self, pattern: re.Pattern[str], text: str) -> str:
        """Replace group `v` of each match (the whole match when the pattern has no `v`)."""
        def repl(m: Match[str]) -> str:
            if 'v' not in m.re.groupindex:
                return self.replacement
            if m.string.startswith(self.replacement, m.start('v')):
                return m.group()  # already redacted by an earlier pattern
            return m.string[m.start():m.start('v')] + self.replacement + m.string[m.end('v'):m.end()]
        return pattern.sub(repl, text)

    def _urls(self, text: str) -> str:
        """URL passwords and users that may be credentials themselves (a token as user, with or
        without a password), as the rules read URLs (rules.iter_url_credentials)."""
        spans = []
        for c in rules.iter_url_credentials(text, user_only=True):
            if c.raw_user and not c.raw_user.startswith(self.replacement) and (
                rules.url_user_may_be_credential(c.raw_user)
            ):
                spans.append(c.user_span)
            if c.raw_password and not c.raw_password.startswith(self.replacement):
                spans.append(c.password_span)
        return self._replace_spans(text, spans)

    def _labelled(self, text: str, lowered: str) -> str:
        """Values after secret-named labels: `password=...`, `"api_key": "..."`, `?token=...`."""
        spans = []
        labels = LABEL_RE.finditer(lowered) if len(lowered) == len(text) else LABEL_ANY_CASE_RE.finditer(text)
        for m in labels:
            head = LABEL_HEAD_RE.match(text[max(0, m.start() - 60):m.start()][::-1])
            name = head.group()[::-1] + text[m.start('name'):m.end('name')]  # type: ignore[union-attr]
            value = LABEL_VALUE_RE.match(text, m.end())
            if value is None or not _is_secret_label(name):
                continue
            group = 'qv' if value.group('q') else 'v'
            if not text.startswith(self.replacement, value.start(group)):
                spans.append((value.start(group), value.end(group)))
        return self._replace_spans(text, spans)

    def _replace_spans(self, text: str, spans: list[tuple[int, int]]) -> str:
        """Each (start, end) of `text` (in order; overlaps merge) replaced: one join, linear (a
        slice-and-concatenate per span was quadratic on a line of many labels)."""
        if not spans:
            return text
        out, pos = [], 0
        for start, end in spans:
            if start < pos:  # a value that holds the next label (`password=token=x`): one mask
                pos = max(pos, end)
                continue
            out.append(text[pos:start])
            out.append(self.replacement)
            pos = end
        out.append(text[pos:])
        return ''.join(out)

    @staticmethod
    def _pem(text: str, replacement: str) -> str:
        """Whole private key blocks (to the end of the text when the END line is missing)."""
        out = []
        pos = 0
        for begin in PEM_BEGIN_RE.finditer(text):
            if begin.start() < pos:
                continue
            out.append(text[pos:begin.start()])
            end = PEM_END_RE.search(text, begin.end())
            pos = end.end() if end else len(text)
            out.append(replacement)
        out.append(text[pos:])
        return ''.join(out)

    def redact(self, text: str) -> str:
        """`text` with every secret this redactor knows replaced."""
        if self.env_names:
            if time.monotonic() - self._env_read_at >= ENV_REFRESH_SECONDS:
                self._refresh_env()
            for value in self._env_values:
                if value in text:
                    text = text.replace(value, self.replacement)
        if 'PRIVATE KEY' in text:
            text = self._pem(text, self.replacement)
        if 'eyJ' in text:
            text = self._sub(JWT_RE, text)
        if '://' in text:
            text = self._urls(text)
        if 'jdbc:' in text:
            text = self._sub(ORACLE_THIN_RE, text)
        if '_live_' in text or '_test_' in text:
            text = self._sub(B2B_KEY_RE, text)
        lowered = text.lower()
        if 'authorization' in lowered:
            text = self._sub(AUTH_HEADER_RE, text)
        if 'cookie' in lowered:
            text = self._sub(COOKIE_RE, text)
        if 'bearer' in lowered or 'basic' in lowered:
            text = self._sub(BEARER_RE, text)
        if self.labels and ('=' in text or ':' in text):
            text = self._labelled(text, lowered)
        return text


class RedactingFilter(logging.Filter):
    """Rewrites each record so that no secret the Redactor knows survives; never drops one.

    Options (also from `logging.config.dictConfig`, `'()': 'hooks.logs.RedactingFilter'`):
    `env` (list of environment variable names), `secret_env` (default true), `replacement`,
    `labels` (redact values after secret-named labels, default true), `name` (as logging.Filter).
    """

    def __init__(
        self,
        name: str = '',
        env: Iterable[str] = (),
        secret_env: bool = True,
        replacement: str = MASK,
        labels: bool = True,
    ) -> None:
        super().__init__(name)
        self.redactor = Redactor(env=env, secret_env=secret_env, replacement=replacement, labels=labels)

    def filter(self, record: logging.LogRecord) -> bool:
        if not super().filter(record):
            return False
        try:
            self._redact_record(record)
        except Exception:  # a bug here must neither break logging nor let the record through
            record.msg, record.args = f'{record.levelname} record withheld: it could not be redacted', None
            record.exc_info = record.exc_text = record.stack_info = None
        return True

    def _redact_record(self, record: logging.LogRecord) -> None:
        redact = self.redactor.redact
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it to the handler's own error path
            message = None
        if message is not None:
            clean = redact(message)
            if clean != message:
                self._rewrite_message(record, clean)
        attributes = record.__dict__
        for key in attributes.keys() - _STANDARD_ATTRIBUTES:  # `extra=` fields (JSON formatters)
            value = attributes[key]
            if isinstance(value, str):
                clean = redact(value)
                if clean != value:
                    attributes[key] = clean
        if record.exc_info and record.exc_info[0] is not None:
            text = record.exc_text or _FORMATTER.formatException(record.exc_info)
            clean = redact(text)
            record.exc_text = clean
            if clean != text:
                # A handler that renders exc_info again (or ships it, as error trackers do)
                # would show the secret: the redacted text is all that is left.
                record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)


    def _rewrite_message(self, record: logging.LogRecord, clean: str) -> None:
        """Redact the template and each string argument, keeping the arguments' shape (uvicorn's
        access formatter unpacks them); when a secret sits in a non-string argument (a dict, an
        object's repr), the formatted, redacted message replaces template and arguments."""
        redact = self.redactor.redact
        args = record.args
        if isinstance(record.msg, str) and args:
            if isinstance(args, Mapping):
                new_args: Any = {k: redact(v) if isinstance(v, str) else v for k, v in args.items()}
            else:
                new_args = tuple(redact(a) if isinstance(a, str) else a for a in args)
            msg = redact(record.msg)
            if new_args == args and msg == record.msg:
                # No part alone holds it: a non-string argument, or template and argument
                # together (`"postgresql://app:%s@db"`).
                record.msg, record.args = clean, None
                return
            try:
                formatted = msg % new_args
            except (TypeError, ValueError, KeyError):
                formatted = None
            if formatted is not None and redact(formatted) == formatted:
                record.msg, record.args = msg, new_args
                return
        # Formatted once here: an argument's secret cannot come back at format time.
        record.msg, record.args = clean, None
        # uvicorn's coloured template would be formatted with the arguments just dropped.
        record.__dict__.pop('color_message', None)


_FORMATTER = logging.Formatter()


def with_redaction(config: Mapping[str, Any], **options: Any) -> dict[str, Any]:
    """A copy of a `dictConfig` dictionary (uvicorn's LOGGING_CONFIG, your own) with a
    RedactingFilter on every handler: `uvicorn.run(app, log_config=with_redaction(LOGGING_CONFIG))`."""
    result = copy.deepcopy(dict(config))
    result.setdefault('filters', {})['redact_secrets'] = {'()': f'{__name__}.RedactingFilter', **options}
    for handler in result.get('handlers', {}).values():
        filters = list(handler.get('filters', []))
        if 'redact_secrets' not in filters:
            filters.append('redact_secrets')
        handler['filters'] = filters
    return result
