"""Text, JSON and SARIF output, and `redact`: the one function every output uses to show a
secret.  Nothing else in the package formats a secret value.
"""
from __future__ import annotations

import json
import re
from typing import Iterable
from typing import Sequence

from hooks import rules
from hooks.paths import quote_path
from hooks.plugins.db_url import ADO_PASSWORD_RE
from hooks.plugins.db_url import JDBC_PASSWORD_RE
from hooks.plugins.db_url import ORACLE_THIN_RE
from hooks.plugins.jwt import token_header
from hooks.scan import Finding

MASK = '****'
BASIC_AUTH_TYPE = 'Basic Auth Credentials'  # detect-secrets' BasicAuthDetector

# Public prefixes that name a credential's kind (never its secret part).
PUBLIC_PREFIXES = (
    'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'xoxb-', 'xoxp-', 'xoxa-',
    'xoxr-', 'xapp-', 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'pk_live_', 'pk_test_',
    'sk-proj-', 'sk-', 'SG.', 'npm_', 'pypi-', 'AKIA', 'ASIA', 'AIza', 'dop_v1_', 'shpat_',
    'mdb_sa_sk_',  # MongoDB Atlas service-account secret (Vendor Token)
)


def redact(secret_type: str, secret: str, line: str = '') -> str:
    """What may be shown of a secret: its public prefix, or a URL's scheme, host and user (when
    the user reads as a name, not a credential)."""
    from hooks import keys
    from hooks.plugins.db_url import DatabaseUrlDetector
    from hooks.plugins.jwt import JwtDetector

    if secret_type in (DatabaseUrlDetector.secret_type, BASIC_AUTH_TYPE) and line:
        shown = _redact_connection(secret, line)
        if shown:
            return shown
    if secret_type == JwtDetector.secret_type or secret.startswith('eyJ'):
        header = token_header(secret) or {}
        alg = header.get('alg')
        return f'eyJ{MASK}' + (f' (alg {alg})' if isinstance(alg, str) and alg.isalnum() else '')
    if keys.looks_like_key(secret):
        prefix, env, _ = secret.split('_', 2)
        return f'{prefix}_{env}_{MASK}'
    for prefix in PUBLIC_PREFIXES:
        if secret.startswith(prefix) and len(secret) > len(prefix) + 8:
            return prefix + MASK
    return MASK


def _public(part: str, secret: str) -> str:
    """A URL's host, unless it holds the secret or a piece of it (`k3y:k3y@`)."""
    from urllib.parse import unquote

    return MASK if secret in part or (len(part) >= 4 and unquote(part) in secret) else part


# A user name shown in clear looks like one: a short word, not a key or token.
_USER_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_.\-]{0,31}')


def _public_user(user: str, secret: str) -> str:
    """A URL's or connection string's user, unless it may be a credential itself: a token in
    the user part (a GitHub token as user with `x-oauth-basic` as password, an AWS key id as
    user and its secret as password)."""
    if not user:
        return user
    shown = _public(user, secret)
    if shown == MASK or not _USER_NAME_RE.fullmatch(user) or user.startswith(PUBLIC_PREFIXES):
        return MASK
    digits = sum(c.isdigit() for c in user)
    mixed_case = any(c.isupper() for c in user) and any(c.islower() for c in user)
    if len(user) >= 12 and (digits >= 2 or mixed_case):
        return MASK
    return user


def _redact_connection(secret: str, line: str) -> str:
    from urllib.parse import unquote

    for c in rules.iter_url_credentials(line):
        if secret in (c.password, c.raw_password, c.user, c.raw_user):
            user, host = _public_user(c.raw_user, secret), _public(c.host, secret)
            return f'{c.scheme}://{user}:{MASK}@{host}'
    for regex in (JDBC_PASSWORD_RE, ADO_PASSWORD_RE):
        for m in regex.finditer(line):
            if unquote(m.group(1)).strip('{}') == secret or m.group(1) == secret:
                return f'password={MASK}'
    for m in ORACLE_THIN_RE.finditer(line):
        if unquote(m.group(2)) == secret:
            return f'jdbc:oracle:thin:{_public_user(m.group(1), secret)}/{MASK}@'
    return ''


def shown(finding: Finding) -> str:
    return redact(finding.type, finding.secret, finding.line)


def format_text(findings: Sequence[Finding]) -> list[str]:
    return [
        f'{quote_path(f.filename)}:{f.line_number}: {f.type}: {shown(f)} [{f.fingerprint}]'
        for f in findings
    ]


def summary(findings: Sequence[Finding], baseline: str) -> list[str]:
    files = len({f.filename for f in findings})
    n = len(findings)
    return [
        f'{n} secret{"s" if n != 1 else ""} in {files} file{"s" if files != 1 else ""} '
        f'not allowed by {baseline}.',
        'Fix: move each value to the environment or a secret store (and rotate it if it was ever '
        'pushed). A false positive? Add `# pragma: allowlist secret` to its line, or allowlist '
        f'with: secret-hooks baseline update --baseline {baseline}',
    ]


def format_json(findings: Sequence[Finding], errors: Iterable[str] = ()) -> str:
    return json.dumps({
        'findings': [
            {
                'path': f.filename,
                'line': f.line_number,
                'type': f.type,
                'redacted': shown(f),
                'fingerprint': f.fingerprint,
            }
            for f in findings
        ],
        'errors': list(errors),
    }, indent=2, sort_keys=True)


def rule_id(secret_type: str) -> str:
    """Stable SARIF rule id from a secret type: `secret-hooks/json-web-token-jws-jwe`."""
    slug = ''.join(c.lower() if c.isalnum() else '-' for c in secret_type)
    return 'secret-hooks/' + '-'.join(filter(None, slug.split('-')))


def format_sarif(findings: Sequence[Finding], version: str) -> str:
    types = sorted({f.type for f in findings})
    return json.dumps({
        '$schema': 'https://json.schemastore.org/sarif-2.1.0.json',
        'version': '2.1.0',
        'runs': [{
            'tool': {'driver': {
                'name': 'secret-hooks',
                'version': version,
                'informationUri': 'https://pypi.org/project/secret-hooks/',
                'rules': [
                    {
                        'id': rule_id(t),
                        'name': t,
                        'shortDescription': {'text': f'{t} committed in clear'},
                        'defaultConfiguration': {'level': 'error'},
                    }
                    for t in types
                ],
            }},
            'results': [
                {
                    'ruleId': rule_id(f.type),
                    'level': 'error',
                    'message': {'text': f'{f.type}: {shown(f)} [{f.fingerprint}]'},
                    # Salted (hooks.scan.fingerprint_of): never the baseline's unsalted hash.
                    'partialFingerprints': {'secretFingerprint/v2': f.fingerprint},
                    'locations': [{'physicalLocation': {
                        'artifactLocation': {'uri': f.filename, 'uriBaseId': '%SRCROOT%'},
                        'region': {'startLine': max(f.line_number, 1)},
                    }}],
                }
                for f in findings
            ],
        }],
    }, indent=2)
