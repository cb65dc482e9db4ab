"""hooks.logs: the run-time RedactingFilter, table-driven over every kind of secret and every
place in a record it can sit.  Secrets are made at test time from a seeded generator; a test
passes only when no 8-character piece of the secret is left in the formatted output.
"""
from __future__ import annotations

import base64
import io
import json
import logging
import logging.config
import random
import string
import subprocess
import sys
from typing import Callable

import jwt
import pytest

from hooks import keys
from hooks.detectors.b2b_key import B2BKeyDetector
from hooks.detectors.db_url import DatabaseUrlDetector
from hooks.detectors.jwt import JwtDetector
from hooks.logs import MASK
from hooks.logs import RedactingFilter
from hooks.logs import Redactor
from hooks.logs import mask
from hooks.logs import with_redaction
from tests.conftest import ROOT
from tests.seeded import SeededRandom

pytestmark = pytest.mark.usefixtures('restore_logging')
ALNUM = string.ascii_letters + string.digits


def _random(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return ''.join(rng.choice(alphabet) for _ in range(n))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def _jws(rng: random.Random) -> str:
    return jwt.encode({'sub': _random(rng, 8), 'scope': 'admin'}, _random(rng, 32), algorithm='HS256')


def _jwe(rng: random.Random) -> str:
    header = _b64(json.dumps({'alg': 'RSA-OAEP', 'enc': 'A256GCM'}).encode())
    return '.'.join([header, _random(rng, 40, ALNUM + '-_'), _random(rng, 16), _random(rng, 60, ALNUM + '-_'), _random(rng, 22)])


def _b2b(rng: random.Random) -> str:
    body = _random(rng, keys.BODY_LENGTH)
    head = f'b2b_live_{body}'
    return head + keys.checksum(head)


def _pem(rng: random.Random, kind: str = 'RSA ') -> str:
    body = '\n'.join(_random(rng, 64, ALNUM + '+/') for _ in range(4))
    return f'-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----'


def pieces(value: str, size: int = 8) -> list[str]:
    return [value[i:i + size] for i in range(len(value) - size + 1)] or [value]


def assert_no_piece(secret: str, text: str) -> None:
    leaked = [p for p in pieces(secret) if p in text]
    assert not leaked, f'{len(leaked)} pieces of the secret survived'


# (id, make(rng): (text holding the secret, the secret, context that must survive)).  PASSWORD is
# drawn at import (the table needs it); HOOKS_TEST_SEED varies it, and it is in no test id.
PASSWORD = _random(SeededRandom('test_logs:CASES'), 20)
CASES: list[tuple[str, Callable[[random.Random], tuple[str, str, str]]]] = [
    ('postgres-url', lambda rng: (f'connecting to postgresql://app:{PASSWORD}@db:5432/app', PASSWORD, '@db:5432/app')),
    ('driver-url', lambda rng: (f'postgresql+asyncpg://app:{PASSWORD}@db/app', PASSWORD, '@db/app')),
    ('redis-no-user', lambda rng: (f'redis://:{PASSWORD}@cache:6379/0', PASSWORD, '@cache:6379')),
    ('amqp-url', lambda rng: (f'broker amqp://worker:{PASSWORD}@mq//', PASSWORD, 'worker:')),
    ('https-basic-url', lambda rng: (f'GET https://deploy:{PASSWORD}@git.example.com/x.git', PASSWORD, 'git.example.com')),
    ('at-in-password', lambda rng: (f'mysql://app:{PASSWORD}@x{PASSWORD[:5]}@db/app', PASSWORD, '@db/app')),
    ('token-as-user', lambda rng: ((t := 'ghp_' + _random(rng, 36))
                                   and 'fetch https://' + t + ':x-oauth-basic@github.com/o/r.git',
                                   t, '@github.com/o/r.git')),
    ('jdbc-password', lambda rng: (f'jdbc:postgresql://db/app?user=app&password={PASSWORD}', PASSWORD, 'user=app')),
    ('oracle-thin', lambda rng: (f'jdbc:oracle:thin:app/{PASSWORD}@db:1521:ORCL', PASSWORD, '@db:1521')),
    ('odbc-pwd', lambda rng: (f'Driver={{ODBC}};Server=db;Uid=app;Pwd={PASSWORD};', PASSWORD, 'Uid=app')),
    ('jws', lambda rng: ((t := _jws(rng)) and f'issued {t} to user', t, 'to user')),
    ('jwe', lambda rng: ((t := _jwe(rng)) and f'token {t}', t, 'token')),
    ('b2b-key', lambda rng: ((k := _b2b(rng)) and f'partner key {k} accepted', k, 'accepted')),
    ('b2b-key-bad-checksum', lambda rng: ((k := _b2b(rng)[:-1] + '0') and f'rejected key {k}', k, 'rejected key')),
    ('authorization-line', lambda rng: ((t := _jws(rng)) and f'Authorization: Bearer {t}', t, 'Authorization: Bearer')),
    ('authorization-dict-repr', lambda rng: ((t := _jws(rng)) and str({'authorization': f'Bearer {t}', 'host': 'api'}),
                                         t, "'host': 'api'")),
    ('authorization-asgi-bytes', lambda rng: ((t := _jws(rng)) and str([(b'authorization', f'Bearer {t}'.encode())]),
                                          t, 'authorization')),
    ('authorization-no-scheme', lambda rng: (f'Authorization={PASSWORD}', PASSWORD, 'Authorization=')),
    ('proxy-authorization-basic', lambda rng: ((c := _b64(f'u:{PASSWORD}'.encode())) and f'Proxy-Authorization: Basic {c}',
                                           _b64(f'u:{PASSWORD}'.encode()), 'Proxy-Authorization')),
    ('cookie-header', lambda rng: (f'Cookie: session={PASSWORD}; theme=dark', PASSWORD, 'Cookie: ')),
    ('cookie-dict-repr', lambda rng: (str({'cookie': f'sid={PASSWORD}', 'host': 'api'}), PASSWORD, "'host': 'api'")),
    ('set-cookie', lambda rng: (f'Set-Cookie: sid={PASSWORD}; HttpOnly', PASSWORD, 'Set-Cookie')),
    ('bare-bearer', lambda rng: ((t := _random(rng, 40, ALNUM + '-_.')) and f'sent Bearer {t} upstream', t, 'upstream')),
    ('pem-rsa', lambda rng: ((p := _pem(rng)) and f'loaded key:\n{p}\ndone', p.split('\n')[2], 'done')),
    ('pem-openssh', lambda rng: ((p := _pem(rng, 'OPENSSH ')) and f'{p}', p.split('\n')[1], '')),
    ('pem-truncated', lambda rng: ((p := _pem(rng, 'EC ')) and p.rsplit('\n', 1)[0], p.split('\n')[3], '')),
    ('label-equals', lambda rng: (f'login user=bob password={PASSWORD} ok', PASSWORD, 'user=bob')),
    ('label-json', lambda rng: (json.dumps({'user': 'bob', 'api_key': PASSWORD}), PASSWORD, '"user": "bob"')),
    ('label-query', lambda rng: (f'"GET /callback?code=1&access_token={PASSWORD}&state=2 HTTP/1.1" 200', PASSWORD, 'state=2')),
    ('label-colon', lambda rng: (f'client_secret: {PASSWORD}', PASSWORD, 'client_secret:')),
    ('label-camel', lambda rng: (f"{{'refreshToken': '{PASSWORD}'}}", PASSWORD, 'refreshToken')),
]

# Text with no secret: left exactly as it is.
UNCHANGED = [
    '10.0.0.7:51234 - "GET /api/v1/items?page=2 HTTP/1.1" 200',
    'refreshed token_id=a1b2c3 for key=users:42 (session cache hit)',
    'token_type=bearer expires_in=3600',
    'https://example.com/docs?q=secret+rotation',
    'user 5f0c2d7e-9b1a-4c3e-8d2f-6a7b8c9d0e1f logged in',
    'password reset requested for bob',
    'Authorization header missing',
    'cookie consent banner shown',
    f'password={MASK} (already redacted)',
    '',
]


# Where in a record the secret sits: (id, kwargs for logger.error builder).
PLACES: list[tuple[str, Callable[[str], dict]]] = [
    ('message', lambda text: {'msg': text}),
    ('argument', lambda text: {'msg': 'event: %s', 'args': (text,)}),
    ('dict-argument', lambda text: {'msg': 'event: %(what)s', 'args': ({'what': text},)}),
    ('object-argument', lambda text: {'msg': 'event: %r', 'args': ([text],)}),
    ('extra-field', lambda text: {'msg': 'event', 'extra': {'detail': text}}),
]


def _log(place: str, text: str, fmt: str = '%(message)s', filt: RedactingFilter | None = None) -> str:
    kwargs = dict(PLACES)[place](text)
    msg, args = kwargs['msg'], kwargs.get('args', ())
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(fmt))
    handler.addFilter(filt or RedactingFilter(secret_env=False))
    logger = logging.Logger('test.logs')
    logger.addHandler(handler)
    logger.error(msg, *args, extra=kwargs.get('extra'))
    return stream.getvalue()


@pytest.mark.parametrize('place', [p[0] for p in PLACES])
@pytest.mark.parametrize('make', [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_secret_is_redacted_wherever_it_sits(make, place, rng):
    text, secret, context = make(rng)
    fmt = '%(message)s %(detail)s' if place == 'extra-field' else '%(message)s'
    out = _log(place, text, fmt)
    assert_no_piece(secret, out)
    assert MASK in out
    if place in ('message', 'argument', 'dict-argument', 'extra-field'):
        assert context in out  # only the secret goes, not the line


@pytest.mark.parametrize('make', [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_secret_in_exception_text_is_redacted(make, rng):
    text, secret, _ = make(rng)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(secret_env=False))
    logger = logging.Logger('test.logs')
    logger.addHandler(handler)
    try:
        raise ConnectionError(text)
    except ConnectionError:
        logger.exception('request failed')
    out = stream.getvalue()
    assert 'Traceback' in out and 'ConnectionError' in out and 'request failed' in out
    assert_no_piece(secret, out)


def test_exception_record_keeps_exc_info_when_no_secret():
    record = logging.LogRecord('x', logging.ERROR, 'p', 1, 'failed', (), None)
    try:
        raise ValueError('nothing secret here')
    except ValueError:
        record.exc_info = sys.exc_info()
    RedactingFilter(secret_env=False).filter(record)
    assert record.exc_info is not None and 'nothing secret here' in (record.exc_text or '')


def test_stack_info_is_redacted(rng):
    secret = _jws(rng)
    record = logging.LogRecord('x', logging.INFO, 'p', 1, 'm', (), None, sinfo=f'Stack:\n  call({secret})')
    RedactingFilter(secret_env=False).filter(record)
    assert_no_piece(secret, record.stack_info or '')


@pytest.mark.parametrize('text', UNCHANGED)
@pytest.mark.parametrize('place', ['message', 'argument'])
def test_text_without_a_secret_is_unchanged(text, place):
    assert _log(place, text) == (text if place == 'message' else f'event: {text}') + '\n'


def test_record_without_a_secret_keeps_its_template_and_args():
    record = logging.LogRecord('x', logging.INFO, 'p', 1, 'user %s from %s', ('bob', '10.0.0.1'), None)
    assert RedactingFilter(secret_env=False).filter(record) is True
    assert (record.msg, record.args) == ('user %s from %s', ('bob', '10.0.0.1'))


# -- environment variables -------------------------------------------------------------------

@pytest.mark.parametrize('configured, environ_name, redacted', [
    (['APP_SIGNING_MATERIAL'], 'APP_SIGNING_MATERIAL', True),   # named explicitly
    ([], 'STRIPE_API_KEY', True),                               # secret-named: found by the rules
    ([], 'DATABASE_URL', True),
    ([], 'APP_GREETING', False),                                # neither
    ([], 'PWD', False),                                         # `pwd`, but the working directory
])
def test_env_values(configured, environ_name, redacted, rng):
    value = _random(rng, 24)
    environ = {environ_name: value, 'HOME': '/home/app'}
    out = Redactor(env=configured, environ=environ).redact(f'started with {value} in /home/app')
    assert (value not in out) is redacted
    assert '/home/app' in out


def test_env_value_is_read_again_after_it_changes(monkeypatch, rng):
    import hooks.logs

    monkeypatch.setattr(hooks.logs, 'ENV_REFRESH_SECONDS', 0.0)
    environ = {'SERVICE_TOKEN': _random(rng, 24)}
    redactor = Redactor(environ=environ, secret_env=False, env=['SERVICE_TOKEN'])
    environ['SERVICE_TOKEN'] = rotated = _random(rng, 24)
    assert rotated not in redactor.redact(f'using {rotated}')


def test_env_url_value_also_redacts_its_password_alone(rng):
    password = _random(rng, 18)
    environ = {'DATABASE_URL': f'postgresql://app:{password}@db/app'}
    out = Redactor(environ=environ).redact(f'password was {password}')
    assert password not in out


def test_short_env_values_are_not_redacted():
    out = Redactor(environ={'API_TOKEN': 'abc'}).redact('abc def')
    assert out == 'abc def'


# -- configuration ---------------------------------------------------------------------------

def test_dictconfig_installs_the_filter_with_options(capsys, monkeypatch, rng):
    value = _random(rng, 24)
    monkeypatch.setenv('APP_SIGNING_MATERIAL', value)
    logging.config.dictConfig({
        'version': 1,
        'disable_existing_loggers': False,
        'filters': {'redact': {'()': 'hooks.logs.RedactingFilter', 'env': ['APP_SIGNING_MATERIAL'],
                               'replacement': '<hidden>'}},
        'handlers': {'out': {'class': 'logging.StreamHandler', 'stream': 'ext://sys.stdout',
                             'filters': ['redact']}},
        'loggers': {'test.dictconfig': {'handlers': ['out'], 'level': 'INFO', 'propagate': False}},
    })
    token = _jws(rng)
    logging.getLogger('test.dictconfig').info('material %s token %s', value, token)  # pragma: allowlist secret
    out = capsys.readouterr().out
    assert out == 'material <hidden> token <hidden>\n'


def test_with_redaction_on_uvicorns_log_config(capsys, rng):
    uvicorn_config = pytest.importorskip('uvicorn.config')
    config = with_redaction(uvicorn_config.LOGGING_CONFIG, secret_env=False)
    assert uvicorn_config.LOGGING_CONFIG.get('filters', {}).get('redact_secrets') is None  # a copy
    assert all('redact_secrets' in h['filters'] for h in config['handlers'].values())
    logging.config.dictConfig(config)
    secret = _random(rng, 20)
    # uvicorn's access log: client, method, path with query, HTTP version, status.
    logging.getLogger('uvicorn.access').info(
        '%s - "%s %s HTTP/%s" %d', '10.0.0.7:5000', 'GET',
        f'/cb?api_key={secret}', '1.1', 200)  # pragma: allowlist secret
    logging.getLogger('uvicorn.error').error('db: postgresql://app:%s@db/app', secret)  # pragma: allowlist secret
    captured = capsys.readouterr()
    assert_no_piece(secret, captured.out + captured.err)
    assert 'GET /cb?api_key=' in captured.out and '@db/app' in captured.err


def test_mask():
    assert mask('abcdefghijklmnopqrstuvwxyz') == '****wxyz'
    assert mask('short') == '****'


# -- consistency with the scanner's plugins ---------------------------------------------------

def _plugin_lines(rng: random.Random) -> list[str]:
    lines = []
    for _ in range(30):
        pw = _random(rng, rng.randint(6, 30), ALNUM + '!*~-_')
        lines += [
            f'DATABASE_URL=postgresql://app:{pw}@db:5432/app',
            f'url = "mongodb+srv://svc:{pw}@cluster0.example.net/db"',
            f'REDIS_URL=rediss://:{pw}@cache:6380/0',
            f'headers = {{"Authorization": "Bearer {_jws(rng)}"}}',
            f'key: {_b2b(rng)}',
            f'jdbc:postgresql://db:5432/app?user=app&password={pw}',
            f'jdbc:oracle:thin:scott/{pw}@db:1521:ORCL',
            f'Server=db;Database=app;User Id=app;Password={pw};',
        ]
    return lines


def test_every_value_the_plugins_find_is_redacted(rng):
    redactor = Redactor(secret_env=False)
    detectors = [JwtDetector(), DatabaseUrlDetector(), B2BKeyDetector()]
    checked = 0
    for line in _plugin_lines(rng):
        out = redactor.redact(line)
        for detector in detectors:
            for value in detector.find(line):
                checked += 1
                assert value not in out
    assert checked == 240


def test_the_filter_does_not_import_detect_secrets():
    code = 'import sys, hooks.logs; print("detect_secrets" in sys.modules)'
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == 'False', result.stderr


def test_bad_format_string_is_left_to_logging():
    record = logging.LogRecord('x', logging.INFO, 'p', 1, 'broken %d', ('not a number',), None)
    assert RedactingFilter(secret_env=False).filter(record) is True
    assert record.args == ('not a number',)


def test_non_string_message_holding_a_secret(rng):
    secret = _jws(rng)
    out = _log('message', '')  # warm: the helper works with a plain message
    record = logging.LogRecord('x', logging.INFO, 'p', 1, {'auth': f'Bearer {secret}'}, (), None)
    RedactingFilter(secret_env=False).filter(record)
    assert_no_piece(secret, record.getMessage())
    assert out == '\n'


def test_a_failing_redaction_withholds_the_record(monkeypatch, rng):
    secret = _jws(rng)
    filt = RedactingFilter(secret_env=False)

    def broken(text: str) -> str:
        raise RuntimeError('bug')

    monkeypatch.setattr(filt.redactor, 'redact', broken)
    record = logging.LogRecord('x', logging.INFO, 'p', 1, 'token %s', (secret,), None)
    assert filt.filter(record) is True
    assert record.getMessage() == 'INFO record withheld: it could not be redacted'


def test_uvicorn_colour_template_is_redacted_too(rng):
    uvicorn_logging = pytest.importorskip('uvicorn.logging')
    secret = _jws(rng)
    for args, extra in [((f'Bearer {secret}',), {}), (({'authorization': f'Bearer {secret}'},), {})]:
        record = logging.LogRecord('uvicorn.error', logging.INFO, 'p', 1, 'auth %s', args, None)
        record.color_message = 'auth \x1b[1m%s\x1b[0m'
        RedactingFilter(secret_env=False).filter(record)
        out = uvicorn_logging.DefaultFormatter('%(levelprefix)s %(message)s', use_colors=True).format(record)
        assert_no_piece(secret, out)
        assert MASK in out


def test_the_documented_uvicorn_yaml_config_loads():
    import re as regex

    import yaml

    doc = (ROOT / 'docs' / 'logging.md').read_text(encoding='utf-8')
    block = regex.search(r'```yaml\n(.*?)```', doc, regex.S)
    assert block is not None
    config = yaml.safe_load(block.group(1))
    logging.config.dictConfig(config)
    handler = logging.getLogger('uvicorn').handlers[0]
    assert any(isinstance(f, RedactingFilter) for f in handler.filters)
    assert handler.filters[0].redactor.env_names[0] == 'JWT_SECRET_KEY'


# -- the check's sources and sinks, at run time ------------------------------------------------

def _settings_dump(rng: random.Random) -> tuple[object, list[str]]:
    from pydantic import BaseModel

    class Settings(BaseModel):
        project_name: str
        database_url: str
        jwt_secret_key: str

    password, key = _random(rng, 20), _random(rng, 40)
    settings = Settings(project_name='demo', database_url=f'postgresql://app:{password}@db/app',
                        jwt_secret_key=key)
    return settings, [password, key]


def _environ_dump(rng: random.Random) -> tuple[object, list[str]]:
    values = [_random(rng, 24), _random(rng, 24)]
    return {'HOME': '/home/app', 'JWT_SECRET_KEY': values[0], 'SMTP_PASSWORD': values[1]}, values


def _headers_dump(rng: random.Random) -> tuple[object, list[str]]:
    token = _jws(rng)
    return {'host': 'api.example.com', 'authorization': f'Bearer {token}', 'x-api-key': _random(rng, 32)}, [token]


def _single(make: Callable[[random.Random], str]) -> Callable[[random.Random], tuple[object, list[str]]]:
    def build(rng: random.Random) -> tuple[object, list[str]]:
        value = make(rng)
        return value, [value]
    return build


# What reaches the log: (id, build(rng) -> (object logged, secrets in it)).
RUNTIME_SOURCES = [
    ('settings-dump', _settings_dump),
    ('environ-dump', _environ_dump),
    ('request-headers-dump', _headers_dump),
    ('authorization-value', _single(lambda rng: f'Bearer {_jws(rng)}')),
    ('db-url', lambda rng: ((pw := _random(rng, 16)) and f'postgresql://app:{pw}@db/app', [pw])),
]

# How it reaches the log: (id, emit(logger, value)).
RUNTIME_SINKS: list[tuple[str, Callable[[logging.Logger, object], None]]] = [
    ('debug', lambda log, v: log.debug('value %s', v)),
    ('info', lambda log, v: log.info('value %s', v)),
    ('warning', lambda log, v: log.warning('value %r', v)),
    ('error', lambda log, v: log.error(v)),
    ('critical', lambda log, v: log.critical('value %(v)s', {'v': v})),
    ('log-level', lambda log, v: log.log(logging.INFO, 'value %s', v)),
    ('fstring', lambda log, v: log.info(f'value {v}')),
    ('format', lambda log, v: log.info('value {}'.format(v))),
    ('concatenation', lambda log, v: log.info('value ' + str(v))),
    ('child-logger', lambda log, v: log.getChild('child').info('value %s', v)),
    ('exception', lambda log, v: _raise_and_log(log, v)),
    ('warnings', lambda log, v: _warn(v)),
]


def _raise_and_log(log: logging.Logger, value: object) -> None:
    try:
        raise RuntimeError(f'failed with {value}')
    except RuntimeError:
        log.exception('request failed')


def _warn(value: object) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter('always')
        warnings.warn(f'deprecated setting {value}', UserWarning)


@pytest.mark.parametrize('emit', [s[1] for s in RUNTIME_SINKS], ids=[s[0] for s in RUNTIME_SINKS])
@pytest.mark.parametrize('build', [s[1] for s in RUNTIME_SOURCES], ids=[s[0] for s in RUNTIME_SOURCES])
def test_runtime_sources_and_sinks(build, emit, monkeypatch, rng):
    value, secret_values = build(rng)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(secret_env=False))
    parent = logging.getLogger('test.runtime')
    parent.handlers[:] = [handler]
    parent.setLevel(logging.DEBUG)
    parent.propagate = False
    warnings_logger = logging.getLogger('py.warnings')
    warnings_logger.handlers[:] = [handler]
    warnings_logger.propagate = False
    logging.captureWarnings(True)
    try:
        emit(parent, value)
    finally:
        logging.captureWarnings(False)
    out = stream.getvalue()
    assert out.strip(), 'nothing was logged'
    for secret in secret_values:
        assert_no_piece(secret, out)
