"""End to end: check-secret-logging through real git and pre-commit, and RedactingFilter in a
FastAPI app configured by dictConfig."""
from __future__ import annotations

import logging
import logging.config
import sys

import jwt
import pytest
from fastapi import FastAPI
from fastapi import Request
from fastapi.testclient import TestClient

from hooks.logs import MASK

pytestmark = pytest.mark.usefixtures('restore_logging')
HOOK = 'check-secret-logging'

VIEW = (
    'import logging\n'                                      # 1
    '\n'                                                    # 2
    'logger = logging.getLogger(__name__)\n'                # 3
    '\n'                                                    # 4
    '\n'                                                    # 5
    'def refresh(token):\n'                                 # 6
    '    {line}\n'                                          # 7
    '    return token\n'                                    # 8
)


def _commit(repo, line: str):
    repo.write('app/views.py', VIEW.format(line=line))
    repo.git('add', '-A')
    return repo.git('commit', '-qm', 'views', check=False)


def test_commit_logging_a_token_is_blocked_and_its_length_is_not(pre_commit_repo):
    repo = pre_commit_repo
    repo.configure([HOOK])
    repo.git('add', '.pre-commit-config.yaml')
    assert repo.run('install').returncode == 0

    blocked = _commit(repo, 'logger.info("token=%s", token)')
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert 'app/views.py:7: token: secret value reaches logger.info()' in out
    assert repo.git('rev-list', '--all', check=False).stdout == ''  # nothing was committed

    allowed = _commit(repo, 'logger.info("token length %d", len(token))')
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert repo.git('log', '--format=%s').stdout.splitlines() == ['views']


def test_pre_commit_run_reports_every_file_and_exit_code(pre_commit_repo):
    repo = pre_commit_repo
    repo.configure([HOOK])
    repo.write('a.py', 'import os\nprint(os.environ["DB_PASSWORD"])\n')
    repo.write('b.py', 'import logging\nlogging.info("ok %d", 1)\n')
    repo.write('c.py', 'def broken(:\n')
    repo.git('add', '-A')
    result = repo.run('run', HOOK, '--all-files')
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert "a.py:2: os.environ['DB_PASSWORD']: secret value reaches print()" in out
    assert f'c.py: cannot parse as Python {sys.version_info.major}.{sys.version_info.minor} (line 1)' in out
    assert 'b.py' not in out


# -- the filter in a FastAPI app -----------------------------------------------------------------

def _pieces(value: str) -> list[str]:
    return [value[i:i + 8] for i in range(len(value) - 7)]


@pytest.mark.parametrize('secret_env', [False, True], ids=['detectors-only', 'with-env-values'])
def test_fastapi_request_logs_hold_no_secret(tmp_path, monkeypatch, secret_env, rng):
    signing_key = rng.token_urlsafe(32)
    token = jwt.encode({'sub': 'user-42', 'jti': rng.token_hex(8)}, signing_key, algorithm='HS256')
    db_password = rng.token_urlsafe(18)
    db_url = f'postgresql://app:{db_password}@db.internal:5432/app'
    monkeypatch.setenv('DATABASE_URL', db_url)
    log_file = tmp_path / 'app.log'

    logging.config.dictConfig({
        'version': 1,
        'disable_existing_loggers': False,
        'filters': {'redact': {'()': 'hooks.logs.RedactingFilter', 'secret_env': secret_env}},
        'formatters': {'plain': {'format': '%(levelname)s %(name)s %(message)s'}},
        'handlers': {'file': {'class': 'logging.FileHandler', 'filename': str(log_file),
                              'formatter': 'plain', 'filters': ['redact']}},
        'loggers': {'app': {'handlers': ['file'], 'level': 'DEBUG', 'propagate': False}},
    })
    log = logging.getLogger('app.requests')
    app = FastAPI()

    @app.get('/items')
    def items(request: Request) -> dict[str, str]:
        # The mistakes the check exists for, made at run time: the filter must catch them all.
        log.debug('request headers: %s', dict(request.headers))  # pragma: allowlist secret
        log.info('authorization: %s', request.headers['authorization'])  # pragma: allowlist secret
        log.info('claims for %s', request.headers.get('authorization', '').split(' ')[-1])  # pragma: allowlist secret
        log.warning('connecting to %s', db_url)  # pragma: allowlist secret
        try:
            raise ConnectionError(f'could not connect to {db_url}')  # pragma: allowlist secret
        except ConnectionError:
            log.exception('database unavailable')
        return {'ok': 'yes'}

    response = TestClient(app).get('/items', headers={'Authorization': f'Bearer {token}'})
    assert response.status_code == 200
    for handler in logging.getLogger('app').handlers:
        handler.flush()
    text = log_file.read_text()

    assert text.count('\n') >= 6 and 'Traceback' in text and 'database unavailable' in text
    assert MASK in text
    for secret in (token, db_password):
        leaked = [p for p in _pieces(secret) if p in text]
        assert not leaked, f'{len(leaked)} 8-character pieces survived'
    if not secret_env:  # the detectors redact the secret only, not the line around it
        assert 'app:[REDACTED]@db.internal:5432/app' in text
        assert 'Bearer [REDACTED]' in text
    for handler in logging.getLogger('app').handlers:
        handler.close()


def test_the_readme_fastapi_example_redacts_the_authorization_header(capsys, rng):
    import re as regex

    from tests.conftest import ROOT

    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    (example,) = [b for b in regex.findall(r'```python\n(.*?)```', readme, regex.S) if 'RedactingFilter' in b]
    namespace: dict[str, object] = {}
    exec(compile(example, 'README.md', 'exec'), namespace)  # noqa: S102 (our own README)
    token = jwt.encode({'sub': 'user-7'}, rng.token_urlsafe(32), algorithm='HS256')
    response = TestClient(namespace['app']).get('/me', headers={'Authorization': f'Bearer {token}'})
    assert response.status_code == 200
    err = capsys.readouterr().err
    assert "'authorization': 'Bearer [REDACTED]'" in err
    assert not [p for p in _pieces(token) if p in err]
