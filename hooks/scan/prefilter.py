"""Which lines can a plugin possibly report on?  A cheap, file-level answer.

detect-secrets runs every plugin on every line through its dependency-injection machinery:
~30 plugins x every line is what makes it slow.  Each plugin here gets a *trigger*: a pattern
that every line it could report on must contain (a necessary condition, never sufficient).  One
regex search per plugin over the whole file finds the few lines worth the full treatment.

Triggers are deliberately loose supersets; the full plugin still decides.  A plugin without a
trigger runs on every line, so an unknown (new) plugin is never skipped.  The equivalence with
detect-secrets' own line loop is tested (tests/scan/test_engine.py) and benchmarked on real code.
"""
from __future__ import annotations

import math
import re
from typing import Any
from typing import NamedTuple


class Trigger(NamedTuple):
    """A line can only be reported on when it contains one of `literals` (found with fast
    substring search) and, if given, matches `regex`.  `lower`: both are written in lower case
    and searched in the lower-cased text (far faster than re.IGNORECASE).

    `sieve`: a cheaper regex that matches wherever `regex` starts a match (and maybe elsewhere),
    for a `regex` slow to fail; `regex` is then only tried where the sieve matched."""

    literals: tuple[str, ...]
    regex: str | None = None
    lower: bool = False
    sieve: str | None = None


KEYWORDS = ('key', 'pass', 'pwd', 'token', 'secret')

# Triggers of detect-secrets' own plugins (1.5.x), derived from their regexes.
STOCK_TRIGGERS: dict[str, Trigger] = {
    'AWSKeyDetector': Trigger(('a3t', 'abia', 'acca', 'akia', 'asia', 'aws'), lower=True),
    'ArtifactoryDetector': Trigger(('AKC', 'AP'), r'AKC|AP[0-9A-F]'),
    'AzureStorageKeyDetector': Trigger(('AccountKey=',)),
    'BasicAuthDetector': Trigger(('://',), r"://[^:/?#\[\]@!$&'()*+,;=\s]+:[^:/?#\[\]@!$&'()*+,;=\s]+@"),
    'CloudantDetector': Trigger(
        ('key', 'pw', 'pass', 'token', 'cloudant.com'),
        r'cl(?:oudant|ou)?[_-]?(?:api)?(?:key|pw|pass|token)|cloudant\.com', lower=True,
    ),
    'DiscordBotTokenDetector': Trigger((), r'\.[a-zA-Z0-9_-]{6}\.[a-zA-Z0-9_-]{27}'),
    'GitHubTokenDetector': Trigger(('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_')),
    'GitLabTokenDetector': Trigger((
        'glpat-', 'gldt-', 'glft-', 'glsoat-', 'glrt-', 'glcbt-', 'glimt-', 'glptt-', 'glagent-',
        'gloas-', 'GR1348941',
    )),
    'IPPublicDetector': Trigger((), r'\.[0-9]{1,3}\.[0-9]{1,3}\.'),
    'IbmCloudIamDetector': Trigger(
        KEYWORDS, r'''(?:key|pwd|pass|token)["']?\]? *[=: >]+ *["']?[a-z0-9_\-]{44}''', lower=True,
    ),
    'IbmCosHmacDetector': Trigger(('secret',), lower=True),
    'JwtTokenDetector': Trigger(('eyJ',)),
    'KeywordDetector': Trigger(
        (*KEYWORDS, 'contrase'),
        r'(?:api|auth|service|account|db|database|priv|private|client)_?key'
        r'|(?:db|database|key)_?pass|passw|pwd|secret|contrase',
        lower=True,
    ),
    'MailchimpDetector': Trigger(('-us',), r'-us[0-9]'),
    'NpmDetector': Trigger(('_authToken=',)),
    'OpenAIDetector': Trigger(('T3BlbkFJ',)),
    'PrivateKeyDetector': Trigger(('PRIVATE KEY', 'PuTTY-User-Key-File-2')),
    'PypiTokenDetector': Trigger(('pypi-AgE',)),
    'SendGridDetector': Trigger(('SG.',)),
    'SlackDetector': Trigger(('xox', 'hooks.slack.com'), r'xox[abposr]-|hooks\.slack\.com', lower=True),
    'SoftlayerDetector': Trigger(
        (*KEYWORDS, 'softlayer'), r'softlayer|sl[_-]?(?:api)?[_-]?(?:key|pwd|pass|token)', lower=True,
    ),
    'SquareOAuthDetector': Trigger(('sq0csp-',)),
    'StripeDetector': Trigger(('k_live_',)),
    'TelegramBotTokenDetector': Trigger((), r':[0-9A-Za-z_-]{35}'),
    'TwilioKeyDetector': Trigger(('AC', 'SK'), r'(?:AC|SK)[a-z0-9]{32}'),
}


def _entropy_trigger(plugin: Any) -> Trigger:
    """A quoted run of the plugin's charset long enough to pass its entropy limit: Shannon
    entropy is at most log2(length), so shorter strings can never be reported."""
    shortest = math.floor(2 ** plugin.entropy_limit) + 1
    charset = re.escape(plugin.charset)
    return Trigger((), rf'[\'"][{charset}]{{{shortest}}}')


def trigger(plugin: Any) -> Trigger | None:
    """The trigger of an initialized plugin, or None (run it on every line)."""
    own = getattr(plugin, 'trigger', None)
    if callable(own):
        found: Trigger | None = own()
        return found
    if hasattr(plugin, 'entropy_limit') and hasattr(plugin, 'charset'):
        return _entropy_trigger(plugin)
    return STOCK_TRIGGERS.get(type(plugin).__name__)
