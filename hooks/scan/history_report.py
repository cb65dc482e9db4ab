"""Text, JSON and SARIF for history findings: the file scan's output (hooks.report, and its
one `redact`), with the commit that introduced each secret."""
from __future__ import annotations

import json
from typing import Iterable
from typing import Sequence

from hooks import report
from hooks import rules
from hooks.scan.history import HistoryFinding


def _where(h: HistoryFinding) -> str:
    f = h.finding
    # A path may hold any byte but NUL: control characters are escaped, never printed raw.
    path = f.filename
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        path = path.encode('unicode_escape').decode('ascii')
    return f'{path}:{f.line_number}'


def format_text(findings: Sequence[HistoryFinding]) -> list[str]:
    out = []
    for h in findings:
        more = f', and {h.count - 1} later commit{"s" if h.count > 2 else ""}' if h.count > 1 else ''
        out.append(f'{_where(h)}: {h.finding.type}: {report.shown(h.finding)} [{h.fingerprint}] '
                   f'(commit {h.short}, {h.date}{more})')
    return out


def summary(findings: Sequence[HistoryFinding], commits: int, baseline: str, pushing: bool) -> list[str]:
    n = len(findings)
    fingerprints = ' '.join(sorted({h.fingerprint for h in findings}))
    lines = [f'{n} secret{"s" if n != 1 else ""} in the history of {commits} '
             f'commit{"s" if commits != 1 else ""}, not allowed by {baseline}.']
    if pushing:
        lines.append('Not pushed yet: take it out of those commits (`git rebase -i`, '
                     '`git commit --amend`) and push again.')
    lines.append('Already public: rotate it (every clone keeps the history), then acknowledge it: '
                 f'secret-hooks baseline acknowledge {fingerprints} --reason "rotated on YYYY-MM-DD"')
    return lines


def format_json(findings: Sequence[HistoryFinding], errors: Iterable[str] = (), commits: int = 0) -> str:
    return json.dumps({
        'commits_scanned': commits,
        'findings': [
            {
                'commit': h.commit,
                'date': h.date,
                'commits': h.count,
                'path': h.finding.filename,
                'line': h.finding.line_number,
                'type': h.finding.type,
                'redacted': report.shown(h.finding),
                'fingerprint': h.fingerprint,
            }
            for h in findings
        ],
        'errors': list(errors),
    }, indent=2, sort_keys=True)


def _public_url(url: str) -> str:
    """A remote's URL without its user info (it may hold a token)."""
    return rules.without_userinfo(url)


def format_sarif(findings: Sequence[HistoryFinding], version: str, head: str = '',
                 remote: str = '') -> str:
    """The file scan's SARIF, each result located in the commit that introduced it."""
    log = json.loads(report.format_sarif([h.finding for h in findings], version))
    run = log['runs'][0]
    for result, h in zip(run['results'], findings):
        result.setdefault('partialFingerprints', {})['commitSha/v1'] = h.commit
        result['message']['text'] += f' (commit {h.short}, {h.date})'
        result['properties'] = {'commit': h.commit, 'authorDate': h.date, 'commits': h.count}
    if head and remote:
        run['versionControlProvenance'] = [{'repositoryUri': _public_url(remote), 'revisionId': head}]
    return json.dumps(log, indent=2)
