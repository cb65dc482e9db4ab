"""detect-secrets filters built on `hooks.rules`.

They are referenced by import path in the settings (and so in a baseline's `filters_used`), and
apply to detect-secrets' built-in plugins as well as ours.  Their options live in that settings
entry, so a baseline records exactly how it was filtered.
"""
from __future__ import annotations

from typing import Any

from detect_secrets.filters.heuristic import is_indirect_reference as _stock_is_indirect_reference
from detect_secrets.plugins.keyword import KeywordDetector
from detect_secrets.settings import get_settings

from hooks import keys
from hooks import rules
from hooks.plugins.db_url import iter_credentials

PREFIX = 'hooks.filters.'


def _options(name: str) -> dict[str, Any]:
    return get_settings().filters.get(PREFIX + name, {})


def is_placeholder(secret: str) -> bool:
    """`${VAR}`, `<password>`, `changeme`, ... and the configured extra placeholders."""
    return rules.is_placeholder(secret, _options('is_placeholder').get('extra', ()))


def is_known_sample(secret: str, line: str) -> bool:
    """Documentation credentials (`scott:tiger` in a URL) and public example tokens."""
    if rules.is_known_sample_value(secret):
        return True
    return any(
        c.password == secret and rules.is_known_sample_credential(c.user, c.password)
        for c in iter_credentials(line)
    )


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
