"""hooks.secret_logging and `secret-hooks check-logging`: secrets reaching logs and messages.

Every case is a function body run through the check inside the same module prelude; findings
are compared as (line in the body, source named).  No case holds a real-looking secret: the check
judges code, not values.
"""
from __future__ import annotations

import sys

import pytest

from hooks import secret_logging
from hooks.cli import main
from tests.conftest import write
from tests.timing import assert_linear

PRELUDE = (
    'import base64\n'
    'import getpass\n'
    'import hashlib\n'
    'import hmac\n'
    'import json\n'
    'import logging\n'
    'import os\n'
    'import sys\n'
    'import warnings\n'
    'from getpass import getpass as ask\n'
    'from os import environ, getenv\n'
    'from warnings import warn\n'
    '\n'
    'from pydantic import SecretStr\n'
    'from pydantic_settings import BaseSettings\n'
    '\n'
    'logger = logging.getLogger(__name__)\n'
    'LOGGER = logging.getLogger("app")\n'
    '\n'
    '\n'
    'class Settings(BaseSettings):\n'
    '    SMTP_PASSWORD: SecretStr | None = None\n'
    '\n'
    '\n'
    'def handler(request, settings, username, password, token, api_key, user, data, form, client):\n'
)
BODY_START = PRELUDE.count('\n')


def _findings(body: str) -> list[tuple[int, str]]:
    src = PRELUDE + ''.join(f'    {line}\n' for line in body.split('\n'))
    found = secret_logging.check_python('app/views.py', src)
    return [(f.line - BODY_START, f.setting) for f in found]


# Sources, each through the same sink: (id, body, findings as (body line, source)).
SOURCES = [
    ('secret-named-parameter', 'logger.info("login %s %s", username, password)', [(1, 'password')]),
    ('api-key-name', 'logger.info("calling with %s", api_key)', [(1, 'api_key')]),
    ('settings-attribute', 'logger.info("key %s", settings.JWT_SECRET_KEY)', [(1, 'settings.JWT_SECRET_KEY')]),
    ('self-attribute', 'logger.info("secret %s", client.client_secret)', [(1, 'client.client_secret')]),
    ('environ-subscript', 'logger.info(os.environ["DB_PASSWORD"])', [(1, "os.environ['DB_PASSWORD']")]),
    ('environ-get', 'logger.info(os.environ.get("REDIS_PASSWORD"))', [(1, "os.environ.get('REDIS_PASSWORD')")]),
    ('getenv', 'logger.info(os.getenv("API_TOKEN"))', [(1, "os.getenv('API_TOKEN')")]),
    ('imported-getenv', 'logger.info(getenv("API_TOKEN"))', [(1, "getenv('API_TOKEN')")]),
    ('imported-environ', 'logger.info(environ["SECRET_KEY"])', [(1, "os.environ['SECRET_KEY']")]),
    ('getpass', 'logger.info(getpass.getpass())', [(1, 'getpass.getpass()')]),
    ('getpass-imported', 'logger.info(ask("Password: "))', [(1, 'ask()')]),
    ('authorization-subscript', 'logger.info(request.headers["Authorization"])',
     [(1, "request.headers['Authorization']")]),
    ('authorization-get', 'logger.info(request.headers.get("authorization"))',
     [(1, "request.headers.get('authorization')")]),
    ('api-key-header', 'logger.info(request.headers.get("X-Api-Key"))', [(1, "request.headers.get('X-Api-Key')")]),
    ('fastapi-http-bearer', 'logger.info(credentials.credentials)', [(1, 'credentials.credentials')]),
    ('fastapi-password-form', 'logger.info("login %s", form_data.password)', [(1, 'form_data.password')]),
    ('secret-key-of-a-dict', 'logger.info(data["password"])', [(1, "data['password']")]),
    ('secret-key-get', 'logger.info(form.get("client_secret"))', [(1, "form.get('client_secret')")]),
    ('get-secret-value', 'logger.info(settings.SMTP_PASSWORD.get_secret_value())',
     [(1, 'settings.SMTP_PASSWORD.get_secret_value()')]),
    ('local-from-env', 'key = os.environ["JWT_SECRET_KEY"]\nlogger.info("key=%s", key)',
     [(2, "os.environ['JWT_SECRET_KEY']")]),
    ('local-chain', 'raw = request.headers["Authorization"]\nbearer = raw.split(" ")[1]\nv = bearer.strip()\n'
     'logger.info(v)', [(4, "request.headers['Authorization']")]),
    ('local-augassign', 'msg = "login: "\nmsg += password\nlogger.info(msg)', [(3, 'password')]),
    ('local-tuple', 'a, b = username, password\nlogger.info(a)\nlogger.info(b)', [(3, 'password')]),
    ('local-walrus', 'if (k := os.getenv("HMAC_KEY")):\n    logger.info(k)', [(2, "os.getenv('HMAC_KEY')")]),
    ('for-over-environ', 'for name, value in os.environ.items():\n    print(name, value)', [(2, 'os.environ')]),
    ('comprehension', 'logger.info([t.upper() for t in [token]])', [(1, 'token')]),
    ('string-format-spec', 'logger.info(f"{password:>20}")', [(1, 'password')]),
    ('dict-merge', 'logger.info(data | {"pw": password})', [(1, 'password')]),
    ('long-slice', 'logger.info(password[:8])', [(1, 'password')]),
]

# Sinks, each fed `password`: (id, body, body line of the finding).
SINKS = [
    ('logging-module', 'logging.info(password)', 1),
    ('logging-warning', 'logging.warning("%s", password)', 1),
    ('logger-debug', 'logger.debug(password)', 1),
    ('logger-info', 'logger.info(password)', 1),
    ('logger-warning', 'logger.warning(password)', 1),
    ('logger-warn', 'logger.warn(password)', 1),
    ('logger-error', 'logger.error(password)', 1),
    ('logger-critical', 'logger.critical(password)', 1),
    ('logger-exception', 'logger.exception("failed with %s", password)', 1),
    ('logger-log-level', 'LOGGER.log(logging.INFO, "pw %s", password)', 1),
    ('get-logger-call', 'logging.getLogger(__name__).info(password)', 1),
    ('own-get-logger', 'get_logger().info(password)', 1),
    ('self-logger', 'self.logger.warning(password)', 1),
    ('structlog-msg', 'log.msg("login", password=password)', 1),
    ('print', 'print(password)', 1),
    ('print-stderr', 'print(password, file=sys.stderr)', 1),
    ('stdout-write', 'sys.stdout.write(password)', 1),
    ('stderr-write', 'sys.stderr.write(password + "\\n")', 1),
    ('warnings-warn', 'warnings.warn(password)', 1),
    ('django-command-stdout', 'self.stdout.write(f"created with {password}")', 1),
    ('sentry-capture-message', 'sentry_sdk.capture_message(f"login failed for {password}")', 1),
    ('sentry-set-extra', 'sentry_sdk.set_extra("pw", password)', 1),
    ('warn-imported', 'warn(password)', 1),
    ('raise-fstring', 'raise ValueError(f"bad password {password}")', 1),
    ('raise-keyword', 'raise HTTPException(status_code=401, detail=f"rejected {password}")', 1),
    ('assert-message', 'assert user, f"no user for {password}"', 1),
    ('multi-line-call', 'logger.info(\n    "login %s",\n    password,\n)', 3),
]

# How the value is passed: (id, argument expression around `password`).
FORMS = [
    ('argument', 'password'),
    ('f-string', 'f"pw={password}"'),
    ('f-string-repr', 'f"pw={password!r}"'),
    ('f-string-debug', 'f"{password=}"'),
    ('percent', '"pw=%s" % password'),
    ('percent-tuple', '"%s:%s" % (username, password)'),
    ('format', '"pw={}".format(password)'),
    ('format-keyword', '"pw={pw}".format(pw=password)'),
    ('concatenation', '"pw=" + password'),
    ('str', 'str(password)'),
    ('repr', 'repr(password)'),
    ('join', '" ".join([username, password])'),
    ('json-dumps', 'json.dumps({"user": username, "password": password})'),
    ('base64', 'base64.b64encode(password.encode())'),
    ('encode', 'password.encode()'),
    ('conditional', 'password if user else ""'),
    ('or', 'password or "-"'),
    ('dict-extra', '"login", extra={"pw": password}'),
]

# Whole objects that hold secrets: (id, body, source).
WHOLE = [
    ('print-settings', 'print(settings)', 'settings'),
    ('settings-dump', 'logger.info(settings.model_dump())', 'settings'),
    ('settings-vars', 'logger.info(vars(settings))', 'settings'),
    ('settings-dict-attr', 'logger.info(settings.__dict__)', 'settings'),
    ('get-settings', 'logger.info("config: %s", get_settings())', 'get_settings()'),
    ('settings-instance', 'logger.info(Settings())', 'Settings()'),
    ('app-state-settings', 'logger.info(request.app.state.settings)', 'request.app.state.settings'),
    ('request-headers', 'logger.debug(request.headers)', 'request.headers'),
    ('request-cookies', 'logger.debug("cookies %s", request.cookies)', 'request.cookies'),
    ('request-headers-dict', 'logger.debug(dict(request.headers))', 'request.headers'),
    ('headers-local', 'h = dict(request.headers)\nlogger.debug("headers %s", h)', 'request.headers'),
    ('environ', 'logger.info(os.environ)', 'os.environ'),
    ('environ-dict', 'print(dict(os.environ))', 'os.environ'),
    ('environ-copy', 'print(os.environ.copy())', 'os.environ'),
    ('environ-imported', 'print(environ)', 'os.environ'),
]

# Not findings.
CLEAN = [
    ('len', 'logger.info("token length %d", len(token))'),
    ('len-local', 'n = len(password)\nlogger.info(n)'),
    ('short-prefix', 'logger.info("key %s...", api_key[:4])'),
    ('short-suffix', 'logger.info("key ...%s", api_key[-4:])'),
    ('short-middle', 'logger.info(api_key[2:6])'),
    ('hashlib', 'logger.info(hashlib.sha256(token.encode()).hexdigest())'),
    ('hmac', 'logger.info(hmac.new(b"k", password.encode(), "sha256").hexdigest())'),
    ('mask-function', 'logger.info("token %s", mask(token))'),
    ('redact-function', 'logger.info("token %s", redact_secret(token))'),
    ('hash-function', 'logger.info("stored %s", hash_password(password))'),
    ('comparison', 'logger.info("match: %s", password == "x")'),
    ('is-none', 'logger.info("set: %s", token is not None)'),
    ('bool', 'logger.info("set: %s", bool(token))'),
    ('startswith', 'logger.info(token.startswith("Bearer"))'),
    ('unknown-function', 'logger.info("valid: %s", verify(token))'),
    ('secretstr-field', 'logger.info("smtp %s", settings.SMTP_PASSWORD)'),
    ('secretstr-local', 'pw: SecretStr = SecretStr(password)\nlogger.info(pw)'),
    ('token-id', 'logger.info("token %s", token_id)'),
    ('key-id', 'logger.info("key %s", key_id)'),
    ('username', 'logger.info("user %s", username)'),
    ('length-name', 'logger.info("len %s", password_length)'),
    ('expiry-name', 'logger.info("ttl %s", settings.ACCESS_TOKEN_EXPIRE_MINUTES)'),
    ('hashed-name', 'logger.info("hash %s", user.hashed_password_digest)'),
    ('settings-field', 'logger.info("project %s", settings.PROJECT_NAME)'),
    ('other-header', 'logger.info(request.headers.get("user-agent"))'),
    ('other-env', 'logger.info(os.environ.get("HOME"), os.environ["PATH"])'),
    ('env-name-only', 'logger.info("set DB_PASSWORD in the environment")'),
    ('math-log', 'import math\nmath.log(password_length)'),
    ('pragma', 'logger.info(password)  # pragma: allowlist secret'),
    ('exc-info', 'logger.error("failed", exc_info=True)'),
    ('raise-no-secret', 'raise ValueError("invalid token")'),
    ('masking-replace', 'logger.info(text.replace(token, "***"))'),
    ('secrets-module', 'import secrets\nlogger.info("new id %s", secrets.token_hex(4))'),
    ('numeric-format-spec', 'logger.info(f"took {timings[\'secret-hooks\']:7.2f}s")'),
    ('division', 'logger.info("ratio %s", timings["secret-hooks"] / timings["other"])'),
    ('reassigned-clean', 'token = None\nlogger.info("none: %s", token is None)'),
]


@pytest.mark.parametrize('body, expected', [c[1:] for c in SOURCES], ids=[c[0] for c in SOURCES])
def test_sources(body, expected):
    assert _findings(body) == expected


@pytest.mark.parametrize('body, line', [c[1:] for c in SINKS], ids=[c[0] for c in SINKS])
def test_sinks(body, line):
    assert _findings(body) == [(line, 'password')]


@pytest.mark.parametrize('argument', [c[1] for c in FORMS], ids=[c[0] for c in FORMS])
@pytest.mark.parametrize('sink', ['logger.info({})', 'print({})', 'raise RuntimeError({})'])
def test_forms(sink, argument):
    if sink.startswith('raise') and 'extra=' in argument:
        argument = argument.replace('extra=', 'details=')
    assert _findings(sink.format(argument)) == [(1, 'password')]


@pytest.mark.parametrize('body, source', [c[1:] for c in WHOLE], ids=[c[0] for c in WHOLE])
def test_whole_object_dumps(body, source):
    found = secret_logging.check_python('app/views.py', PRELUDE + ''.join(f'    {x}\n' for x in body.split('\n')))
    assert [f.setting for f in found] == [source]
    assert all('whole object holding secrets' in f.why for f in found)


@pytest.mark.parametrize('body', [c[1] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_not_findings(body):
    assert _findings(body) == []


def test_messages_name_the_sink_and_the_kind():
    src = PRELUDE + (
        '    logger.info("login %s", password)\n'
        '    raise ValueError(f"bad key {api_key}")\n'
        '    print(settings)\n'
    )
    found = [f.format() for f in secret_logging.check_python('app/views.py', src)]
    assert found == [
        f'app/views.py:{BODY_START + 1}: password: secret value reaches logger.info()',
        f'app/views.py:{BODY_START + 2}: api_key: secret value in an exception message (raise ValueError())',
        f'app/views.py:{BODY_START + 3}: settings: whole object holding secrets reaches print()',
    ]


def test_scopes_do_not_leak_locals():
    src = (
        'import logging, os\nlog = logging.getLogger()\n\n'
        'def a():\n    k = os.environ["SIGNING_KEY"]\n    return k\n\n'
        'def b(k):\n    log.info(k)\n'
    )
    assert secret_logging.check_python('m.py', src) == []


def test_module_level_and_class_bodies_are_checked():
    src = (
        'import logging, os\nlog = logging.getLogger()\n'
        'k = os.environ["SIGNING_KEY"]\nlog.info(k)\n\n'
        'class C:\n    t = os.getenv("API_TOKEN")\n    print(t)\n'
    )
    assert [(f.line, f.setting) for f in secret_logging.check_python('m.py', src)] == [
        (4, "os.environ['SIGNING_KEY']"), (8, "os.getenv('API_TOKEN')"),
    ]


def test_secretstr_parameter_is_masked():
    src = 'import logging\nfrom pydantic import SecretStr\n\ndef f(password: SecretStr):\n    logging.info(password)\n'
    assert secret_logging.check_python('m.py', src) == []


def test_non_python_files_are_not_read():
    assert secret_logging.check_text('notes.md', 'logger.info(password)\n') == []
    assert secret_logging.check_text('bin/tool', '#!/usr/bin/env python3\nprint(password)\n') != []


def test_extra_secret_name_patterns_from_policy():
    from hooks import rules
    from hooks.policy import Policy

    policy = Policy(names=rules.SecretNames(['passphrase']))
    src = 'import logging\n\ndef f(passphrase):\n    logging.info(passphrase)\n'
    assert secret_logging.check_python('m.py', src) == []
    assert [f.line for f in secret_logging.check_python('m.py', src, policy)] == [4]


# -- the command -------------------------------------------------------------------------------

def test_cli_exit_codes_and_output(tmp_path, capsys, monkeypatch, rng):
    monkeypatch.chdir(tmp_path)
    value = rng.token_urlsafe(18)  # a literal in the logged message is never printed back
    write(tmp_path, 'app/leak.py', f'import logging\n\ndef f(token):\n    logging.info("{value} %s", token)\n')
    write(tmp_path, 'app/ok.py', 'import logging\n\ndef f(token):\n    logging.info("%d", len(token))\n')
    write(tmp_path, 'README.md', 'logging.info(password)\n')

    assert main(['check-logging', 'app/ok.py', 'README.md']) == 0
    assert capsys.readouterr().out == ''

    assert main(['check-logging', 'app/leak.py', 'app/ok.py']) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == 'app/leak.py:4: token: secret value reaches logging.info()'
    assert '1 logged secret in 1 file.' in out
    assert value not in out


def test_cli_unparsable_file_is_named_once_and_the_rest_still_checked(tmp_path, capsys, monkeypatch, rng):
    monkeypatch.chdir(tmp_path)
    secret = rng.token_urlsafe(18)
    write(tmp_path, 'a_broken.py', f'def f(:\n    "{secret}"\n')
    write(tmp_path, 'b_leak.py', 'import logging\n\ndef f(password):\n    logging.info(password)\n')
    assert main(['check-logging', 'a_broken.py', 'b_leak.py']) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == 'b_leak.py:4: password: secret value reaches logging.info()'
    version = f'{sys.version_info.major}.{sys.version_info.minor}'
    assert captured.err.splitlines() == [f'secret-hooks: error: a_broken.py: cannot parse as Python {version} (line 1)']
    assert secret not in captured.out + captured.err


def test_long_concatenation_is_followed(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, 'long.py', 'import logging\nlogging.info(password' + ' + x' * 1500 + ')\n')
    assert main(['check-logging', 'long.py']) == 1
    assert capsys.readouterr().out.splitlines()[0] == 'long.py:2: password: secret value reaches logging.info()'


def test_too_deeply_nested_file_is_an_error_not_a_crash(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, 'deep.py', 'import logging\nlogging.info(' + '[' * 5000 + ']' * 5000 + ')\n')
    write(tmp_path, 'leak.py', 'import logging\nlogging.info(password)\n')
    assert main(['check-logging', 'deep.py', 'leak.py']) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == 'leak.py:2: password: secret value reaches logging.info()'
    assert captured.err.startswith('secret-hooks: error: deep.py: cannot parse as Python ')
    assert len(captured.err.splitlines()) == 1 and 'Traceback' not in captured.err


def test_linear_in_the_number_of_statements():
    def source(n: int) -> str:
        body = ''.join(f'    v{i} = os.getenv("K{i}_TOKEN")\n    log.info("%s", v{i})\n' for i in range(n))
        return 'import logging, os\nlog = logging.getLogger()\n\ndef f():\n' + body

    sources = {n: source(n) for n in (1000, 4000)}
    assert len(secret_logging.check_python('m.py', sources[4000])) == 4000  # and a warm-up

    # 4x the statements: about 4x the time, never 16x (the minimum of repeats, as every ratio test)
    assert_linear(lambda n: secret_logging.check_python('m.py', sources[n]), 1000, 'check-logging statements')


@pytest.mark.parametrize('body, expected', [
    ('self.password = getpass.getpass()\nresult = self.post(data)\nlogger.info(result)', []),
    ('payload = {}\npayload["pw"] = password\nlogger.info(payload)', [(3, 'password')]),
    ('payload = {}\npayload["pw"] = password\nlogger.info(payload["user"])', []),
    ('pwd = os.getcwd()\nprint(pwd)', []),
    ('warnings.warn("cannot hide input", GetPassWarning)', []),
], ids=['attribute-target', 'container-target', 'container-other-key', 'getcwd', 'class-name'])
def test_assignment_targets_and_class_names(body, expected):
    assert _findings(body) == expected
