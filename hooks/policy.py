"""What the checks count as a secret setting, and as an acceptable value for one.

`Policy` comes from the configuration (secret-name patterns, extra placeholders, whether an
empty fallback is fine); `value_problem` judges one value (a default in code, a value in an env
file), following `${NAME:-default}` references into their defaults.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from hooks import rules
from hooks.config import Config


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
# Judging one value (check-secret-fallbacks and check-env-files).
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


def unquote(value: str) -> str:
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
    value = unquote(value)
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
