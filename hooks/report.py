"""Text, JSON and SARIF output, and `redact`: the one function every output uses to show a
secret.  Nothing else in the package formats a secret value.
"""
from __future__ import annotations

import functools
import json
import re
from typing import Iterable
from typing import Sequence

from hooks import keys
from hooks import rules
from hooks.detectors.db_url import ADO_PASSWORD_RE
from hooks.detectors.db_url import JDBC_PASSWORD_RE
from hooks.detectors.db_url import ORACLE_THIN_RE
from hooks.detectors.db_url import DatabaseUrlDetector
from hooks.detectors.jwt import JwtDetector
from hooks.detectors.jwt import token_header
from hooks.paths import quote_path
from hooks.scan.scanner import Finding

MASK = '****'
BASIC_AUTH_TYPE = 'Basic Auth Credentials'  # detect-secrets' BasicAuthDetector

# Public prefixes that name a credential's kind (never its secret part).
PUBLIC_PREFIXES = (
    'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'xoxb-', 'xoxp-', 'xoxa-',
    'xoxr-', 'xapp-', 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'pk_live_', 'pk_test_',
    'sk-proj-', 'sk-', 'SG.', 'npm_', 'pypi-', 'AKIA', 'ASIA', 'AIza', 'dop_v1_', 'shpat_',
    'mdb_sa_sk_',  # MongoDB Atlas service-account secret (Vendor Token)
)
# The prefixes by first character, in PUBLIC_PREFIXES' order: a value is compared with the few
# that can match, not all of them (the text report redacts every finding).
_PREFIXES_BY_FIRST: dict[str, tuple[str, ...]] = {
    c: tuple(p for p in PUBLIC_PREFIXES if p[0] == c) for c in {p[0] for p in PUBLIC_PREFIXES}
}


def redact(secret_type: str, secret: str, line: str = '') -> str:
    """What may be shown of a secret: its public prefix, or a URL's scheme, host and user (when
    the user reads as a name, not a credential)."""
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
    if secret.startswith(PUBLIC_PREFIXES):  # one test for the common case: no public prefix
        for prefix in _PREFIXES_BY_FIRST[secret[0]]:
            if secret.startswith(prefix) and len(secret) > len(prefix) + 8:
                return prefix + MASK
    return MASK


def _public(part: str, secret: str) -> str:
    """A URL's host, unless it holds the secret or a piece of it (`k3y:k3y@`)."""
    from urllib.parse import unquote

    return MASK if secret in part or (len(part) >= 4 and unquote(part) in secret) else part


# A user name shown in clear looks like one: a short word, not a key or token.
def _public_user(user: str, secret: str) -> str:
    """A URL's or connection string's user, unless it may be a credential itself: a token in
    the user part (a GitHub token as user with `x-oauth-basic` as password, an AWS key id as
    user and its secret as password)."""
    if not user:
        return user
    shown = _public(user, secret)
    if shown == MASK or user.startswith(PUBLIC_PREFIXES) or rules.url_user_may_be_credential(user):
        return MASK
    return user


def _redact_connection(secret: str, line: str) -> str:
    index = _connections(line)
    c = index.urls.get(secret)
    if c is not None:
        user, host = _public_user(c.raw_user, secret), _public(c.host, secret)
        return f'{c.scheme}://{user}:{MASK}@{host}'
    if secret in index.parameters:
        return f'password={MASK}'
    m = index.oracle.get(secret)
    if m is not None:
        return f'jdbc:oracle:thin:{_public_user(m.group(1), secret)}/{MASK}@'
    return ''


class _Connections:
    """Every credential-bearing connection string of one line, by secret (password or user, raw
    and decoded; the first on the line wins): one pass over a line, however many findings it
    holds (per finding, a line of 20,000 URLs was quadratic)."""

    def __init__(self, line: str) -> None:
        from urllib.parse import unquote

        self.urls: dict[str, rules.UrlCredential] = {}
        for c in rules.iter_url_credentials(line):
            for key in (c.password, c.raw_password, c.user, c.raw_user):
                self.urls.setdefault(key, c)
        self.parameters: set[str] = set()
        for regex in (JDBC_PASSWORD_RE, ADO_PASSWORD_RE):
            for m in regex.finditer(line):
                self.parameters.update((unquote(m.group(1)).strip('{}'), m.group(1)))
        self.oracle: dict[str, re.Match[str]] = {}
        for m in ORACLE_THIN_RE.finditer(line):
            self.oracle.setdefault(unquote(m.group(2)), m)


@functools.lru_cache(maxsize=4)
def _connections(line: str) -> _Connections:
    return _Connections(line)


def shown(finding: Finding) -> str:
    return redact(finding.type, finding.secret, finding.line)


def format_text(findings: Sequence[Finding]) -> list[str]:
    return [
        f'{quote_path(f.filename)}:{f.line_number}: {f.type}: {shown(f)} [{f.fingerprint}]'
        for f in findings
    ]


# The allowlist pragma in each file's own comment syntax (detect-secrets reads these forms);
# None: the format has no comments (JSON), so only the baseline can allow a finding there.
PRAGMA = 'pragma: allowlist secret'
_COMMENT_BY_EXTENSION = {
    **dict.fromkeys(('js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'vue', 'svelte', 'go', 'java', 'kt',
                     'kts', 'scala', 'groovy', 'gradle', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'rs',
                     'swift', 'php', 'dart', 'jsonc', 'json5'), ('//', '')),
    **dict.fromkeys(('sql', 'lua', 'hs'), ('--', '')),
    **dict.fromkeys(('html', 'htm', 'xml', 'svg', 'md', 'markdown', 'xhtml', 'jsp', 'config',
                     'csproj', 'plist'), ('<!--', ' -->')),
    **dict.fromkeys(('css', 'scss', 'less'), ('/*', ' */')),
    **dict.fromkeys(('vb', 'vbs', 'bas'), ("'", '')),
    **dict.fromkeys(('json', 'ipynb', 'lock'), None),
}


@functools.lru_cache(maxsize=1024)  # asked once per finding: a file's findings share the answer
def pragma_for(filename: str) -> str | None:
    """`# pragma: allowlist secret` as the file's comment syntax writes it; None for JSON."""
    import os.path

    ext = os.path.splitext(filename)[1][1:].lower()
    comment = _COMMENT_BY_EXTENSION.get(ext, ('#', ''))
    if comment is None:
        return None
    start, end = comment
    return f'{start} {PRAGMA}{end}'


def allow_command(fingerprints: Sequence[str], under_pre_commit: bool = False) -> str:
    """The command that allowlists these findings: the CLI, or (inside a pre-commit hook, where
    the CLI may not be on PATH) the manual-stage hook of the same repo and rev."""
    prints = ' '.join(fingerprints)
    if under_pre_commit:
        return (f"ALLOW_FINDINGS='{prints}' ALLOW_REASON='<why it is not a secret>' "
                'pre-commit run baseline-allow --hook-stage manual')
    return f"secret-hooks baseline allow {prints} --reason '<why it is not a secret>'"


def summary(findings: Sequence[Finding], baseline: str, baseline_exists: bool = True,
            under_pre_commit: bool = False) -> list[str]:
    files = len({f.filename for f in findings})
    n = len(findings)
    counted = f'{n} secret{"s" if n != 1 else ""} in {files} file{"s" if files != 1 else ""}'
    lines = [
        f'{counted} not allowed by {baseline}.' if baseline_exists
        else f'{counted}; there is no {baseline} (allowlist) yet.',
        'Fix: move each value to the environment or a secret store (and rotate it if it was ever '
        'pushed).',
    ]
    pragmas: dict[str | None, list[str]] = {}
    for f in findings:
        names = pragmas.setdefault(pragma_for(f.filename), [])
        if f.filename not in names:
            names.append(f.filename)
    marks = []
    for pragma, names in pragmas.items():
        if pragma is None:
            marks.append(f'nothing in {", ".join(names)} (no comments in JSON)')
        elif len(pragmas) == 1:
            marks.append(f'`{pragma}`')
        else:
            marks.append(f'`{pragma}` in {", ".join(names)}')
    lines.append(f'A false positive? Mark its line with {"; ".join(marks)}, or allowlist it '
                 'as audited:')
    fingerprints = list(dict.fromkeys(f.fingerprint for f in findings))
    lines.append('  ' + allow_command(fingerprints, under_pre_commit))
    return lines


def format_json(findings: Sequence[Finding], errors: Iterable[str] = ()) -> str:
    """`json.dumps({'findings': [...], 'errors': [...]}, indent=2, sort_keys=True)`, character
    for character, written out here: with `indent`, json runs its pure-Python encoder, which
    was a fifth of a scan of tens of thousands of findings.  Strings go through json's own
    (C) string encoder; keys are written in sorted order."""
    string = _json_string
    items = [
        '    {\n'
        f'      "fingerprint": {string(f.fingerprint)},\n'
        f'      "line": {int.__repr__(f.line_number)},\n'
        f'      "path": {string(f.filename)},\n'
        f'      "redacted": {string(shown(f))},\n'
        f'      "type": {string(f.type)}\n'
        '    }'
        for f in findings
    ]
    shown_errors = [string(e) for e in errors]
    return (
        '{\n  "errors": ' + _json_list(shown_errors, '    ', '  ')
        + ',\n  "findings": ' + _json_list(items, '', '  ') + '\n}'
    )


_json_string = json.encoder.encode_basestring_ascii  # what json.dumps uses (ensure_ascii)


def _json_list(items: list[str], indent: str, closing: str) -> str:
    """A JSON list of encoded `items` as `indent=2` lays it out (`[]` when empty)."""
    if not items:
        return '[]'
    return '[\n' + indent + (',\n' + indent).join(items) + '\n' + closing + ']'


def rule_id(secret_type: str) -> str:
    """Stable SARIF rule id from a secret type: `secret-hooks/json-web-token-jws-jwe`."""
    slug = ''.join(c.lower() if c.isalnum() else '-' for c in secret_type)
    return 'secret-hooks/' + '-'.join(filter(None, slug.split('-')))


# security-severity (0.0-10.0, as GitHub code scanning reads it) by secret type: a credential
# that opens a system is critical; a generic high-entropy string may be anything.
SEVERITY = {
    'Base64 High Entropy String': '5.0',
    'Hex High Entropy String': '5.0',
    'Secret Keyword': '7.0',
}
DEFAULT_SEVERITY = '9.0'


def sarif_uri(filename: str) -> str:
    """A repo-relative path as a URI reference: `docs dir/notes #1.md` -> `docs%20dir/notes%20%231.md`."""
    from urllib.parse import quote

    return quote(filename, safe='/')


def _rule(secret_type: str) -> dict[str, object]:
    help_text = (f'A {secret_type} is committed in clear. Move the value to the environment or a '
                 'secret store and rotate it if it was ever pushed. A false positive: allowlist '
                 'it with `secret-hooks baseline allow FINGERPRINT --reason TEXT`.')
    return {
        'id': rule_id(secret_type),
        'name': ''.join(w[:1].upper() + w[1:] for w in re.split(r'[^A-Za-z0-9]+', secret_type)),
        'shortDescription': {'text': f'{secret_type} committed in clear'},
        'fullDescription': {'text': f'A value that secret-hooks identifies as a {secret_type}.'},
        'help': {'text': help_text, 'markdown': help_text},
        'defaultConfiguration': {'level': 'error'},
        'properties': {
            'tags': ['security', 'secret', 'external/cwe/cwe-798'],
            'security-severity': SEVERITY.get(secret_type, DEFAULT_SEVERITY),
            'precision': 'high' if secret_type not in SEVERITY else 'medium',
        },
    }


def format_sarif(findings: Sequence[Finding], version: str) -> str:
    types = sorted({f.type for f in findings})
    return json.dumps({
        '$schema': 'https://json.schemastore.org/sarif-2.1.0.json',
        'version': '2.1.0',
        'runs': [{
            'tool': {'driver': {
                'name': 'secret-hooks',
                'version': version,
                'rules': [_rule(t) for t in types],
            }},
            'results': [
                {
                    'ruleId': rule_id(f.type),
                    'ruleIndex': types.index(f.type),
                    'level': 'error',
                    'message': {'text': f'{f.type}: {shown(f)} [{f.fingerprint}]'},
                    # Salted (hooks.scan.scanner.Salt): never the baseline's unsalted hash.
                    'partialFingerprints': {'secretFingerprint/v2': f.fingerprint},
                    'locations': [{'physicalLocation': {
                        'artifactLocation': {'uri': sarif_uri(f.filename), 'uriBaseId': '%SRCROOT%'},
                        'region': {'startLine': max(f.line_number, 1)},
                    }}],
                }
                for f in findings
            ],
        }],
    }, indent=2)
