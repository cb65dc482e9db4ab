"""hooks.fallbacks and `secret-hooks check-fallbacks`: hard-coded fallback secrets."""
from __future__ import annotations

import sys

import pytest

from hooks import fallbacks
from hooks import rules
from hooks.policy import Policy
from hooks.pysource import PythonSyntaxError
from hooks.rotation.check import used_env_variables
from tests.conftest import run_cli
from tests.conftest import write
from tests.timing import assert_linear

# `@V@` is replaced by a freshly generated value in every test: no realistic secret is written
# in this file.  Placeholders and obviously fake words are written as they are.
V = '@V@'


def _fill(rng, src: str) -> tuple[str, str]:
    value = rng.token_urlsafe(18)
    return src.replace(V, value), value


def _check(rng, filename: str, src: str, policy: Policy = fallbacks.DEFAULT_POLICY) -> list[tuple[int, str]]:
    text, value = _fill(rng, src)
    found = fallbacks.check_text(filename, text, policy)
    for f in found:
        assert value not in f.format()
    return [(f.line, f.setting) for f in found]


# (id, source, findings as (line, setting)); read as `app/main.py` (not a settings module).
PYTHON_FINDINGS = [
    ('getenv', 'import os\nKEY = os.getenv("JWT_SECRET_KEY", "@V@")\n', [(2, 'JWT_SECRET_KEY')]),
    ('getenv-kw', 'import os\nKEY = os.getenv("JWT_SECRET_KEY", default="@V@")\n', [(2, 'JWT_SECRET_KEY')]),
    ('environ-get', 'import os\nPW = os.environ.get("DB_PASSWORD", "@V@")\n', [(2, 'DB_PASSWORD')]),
    ('environ-setdefault', 'import os\nos.environ.setdefault("REDIS_PASSWORD", "@V@")\n', [(2, 'REDIS_PASSWORD')]),
    ('environ-pop', 'import os\nos.environ.pop("API_TOKEN", "@V@")\n', [(2, 'API_TOKEN')]),
    ('from-os-getenv', 'from os import getenv\nT = getenv("API_TOKEN", "@V@")\n', [(2, 'API_TOKEN')]),
    ('from-os-getenv-as', 'from os import getenv as ge\nT = ge("API_TOKEN", "@V@")\n', [(2, 'API_TOKEN')]),
    ('from-os-environ', 'from os import environ\nT = environ.get("API_TOKEN", "@V@")\n', [(2, 'API_TOKEN')]),
    ('import-os-as', 'import os as _os\nT = _os.getenv("API_TOKEN", "@V@")\n', [(2, 'API_TOKEN')]),
    ('or-literal', 'import os\nK = os.getenv("SECRET_KEY") or "@V@"\n', [(2, 'SECRET_KEY')]),
    ('environ-get-or', 'import os\nK = os.environ.get("SECRET_KEY") or "@V@"\n', [(2, 'SECRET_KEY')]),
    ('multi-line-call', 'import os\nK = os.getenv(\n    "SECRET_KEY",\n    "@V@",\n)\n', [(4, 'SECRET_KEY')]),
    ('via-module-constant', 'import os\nDEV = "@V@"\n\nK = os.getenv("SECRET_KEY", DEV)\n', [(4, 'SECRET_KEY')]),
    ('bytes', 'import os\nK = os.environ.get("SECRET_KEY", b"@V@")\n', [(2, 'SECRET_KEY')]),
    ('concatenated', 'import os\nK = os.getenv("SECRET_KEY", "dev-" + "@V@")\n', [(2, 'SECRET_KEY')]),
    ('empty-string', 'import os\nK = os.getenv("SECRET_KEY", "")\n', [(2, 'SECRET_KEY')]),
    ('url-password', 'import os\nU = os.getenv("DATABASE_URL", "postgresql://app:@V@@db:5432/app")\n',
     [(2, 'DATABASE_URL')]),
    ('decouple', 'from decouple import config\nK = config("SECRET_KEY", default="@V@")\n', [(2, 'SECRET_KEY')]),
    ('environs', 'from environs import Env\nenv = Env()\nK = env.str("SECRET_KEY", default="@V@")\n',
     [(3, 'SECRET_KEY')]),
    ('in-function', 'import os\n\n\ndef key():\n    return os.getenv("HMAC_KEY", "@V@")\n', [(5, 'HMAC_KEY')]),
    ('pydantic-field', (
        'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n'
        '    project_name: str = "demo"\n    jwt_secret_key: str = "@V@"\n'
    ), [(6, 'Settings.jwt_secret_key')]),
    ('secretstr', (
        'from pydantic import BaseSettings, SecretStr\n\n\nclass Settings(BaseSettings):\n'
        '    api_key: SecretStr = SecretStr("@V@")\n'
    ), [(5, 'Settings.api_key')]),
    ('field-default-kw', (
        'from pydantic import BaseSettings, Field\n\n\nclass Settings(BaseSettings):\n'
        '    postgres_password: str = Field(default="@V@", description="db")\n'
    ), [(5, 'Settings.postgres_password')]),
    ('field-positional', (
        'from pydantic import BaseSettings, Field\n\n\nclass Settings(BaseSettings):\n'
        '    postgres_password: str = Field("@V@")\n'
    ), [(5, 'Settings.postgres_password')]),
    ('field-secretstr', (
        'from pydantic import BaseSettings, Field, SecretStr\n\n\nclass Settings(BaseSettings):\n'
        '    client_secret: SecretStr = Field(\n        default=SecretStr("@V@"),\n    )\n'
    ), [(6, 'Settings.client_secret')]),
    ('field-alias', (
        'from pydantic import BaseSettings, Field\n\n\nclass Settings(BaseSettings):\n'
        '    signing: str = Field("@V@", alias="JWT_SECRET_KEY")\n'
    ), [(5, 'Settings.signing')]),
    ('factory-lambda-literal', (
        'from pydantic import BaseModel, Field\n\n\nclass Creds(BaseModel):\n'
        '    api_token: str = Field(default_factory=lambda: "@V@")\n'
    ), [(5, 'Creds.api_token')]),
    ('basemodel', (
        'from pydantic import BaseModel\n\n\nclass Login(BaseModel):\n    password: str = "@V@"\n'
    ), [(5, 'Login.password')]),
    ('settings-subclass', (
        'class ProdSettings(CommonSettings):\n    smtp_password: str = "@V@"\n'
    ), [(2, 'ProdSettings.smtp_password')]),
    ('dataclass', (
        'from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Db:\n'
        '    host: str = "db"\n    password: str = "@V@"\n'
    ), [(7, 'Db.password')]),
    ('dataclass-field', (
        'import dataclasses\n\n\n@dataclasses.dataclass\nclass Db:\n'
        '    password: str = dataclasses.field(default="@V@")\n'
    ), [(6, 'Db.password')]),
    ('plain-settings-class', 'class AppConfig:\n    DEBUG = False\n    SECRET_KEY = "@V@"\n',
     [(3, 'AppConfig.SECRET_KEY')]),
    ('two-in-one-file', (
        'import os\nA = os.getenv("JWT_SECRET", "@V@")\nB = os.getenv("NAME", "x")\n'
        'C = os.environ.get("API_KEY", "@V@")\n'
    ), [(2, 'JWT_SECRET'), (4, 'API_KEY')]),
]

PYTHON_CLEAN = [
    ('no-default', 'import os\nK = os.getenv("SECRET_KEY")\nP = os.environ["DB_PASSWORD"]\n'),
    ('none-default', 'import os\nK = os.getenv("SECRET_KEY", None)\nP = os.environ.get("DB_PASSWORD", default=None)\n'),
    ('placeholder-changethis', 'import os\nK = os.getenv("SECRET_KEY", "changethis")\n'),
    ('placeholder-changeme', 'import os\nK = os.environ.get("SECRET_KEY", "changeme")\n'),
    ('placeholder-brackets', 'import os\nK = os.environ.get("API_TOKEN", "<your-api-token>")\n'),
    ('placeholder-reference', 'import os\nK = os.environ.get("API_TOKEN", "${API_TOKEN}")\n'),
    ('computed', 'import os, secrets\nK = os.getenv("SECRET_KEY", secrets.token_urlsafe(32))\n'),
    ('computed-or', 'import os, secrets\nK = os.getenv("SECRET_KEY") or secrets.token_hex(32)\n'),
    ('fstring-computed', 'import os\nK = os.getenv("DB_PASSWORD", f"{os.getpid()}")\n'),
    ('non-secret-name', 'import os\nN = os.getenv("PROJECT_NAME", "demo")\nM = os.getenv("ACCESS_TOKEN_EXPIRE_MINUTES", "30")\n'),
    ('dynamic-name', 'import os\nK = os.getenv(name, "literal-but-unknown-name")\n'),
    ('not-os', 'import mylib\nK = mylib.getenv("SECRET_KEY", "literal")\nD = {}.get("SECRET_KEY", "x")\n'),  # pragma: allowlist secret  # noqa: E501
    ('sqlite-url', 'import os\nU = os.getenv("DATABASE_URL", "sqlite:///./app.db")\n'),
    ('empty-url', 'import os\nU = os.getenv("DATABASE_URL", "")\nD = os.getenv("SENTRY_DSN", "")\n'),
    ('sample-url', 'import os\nU = os.getenv("DATABASE_URL", "postgresql://scott:tiger@localhost/test")\n'),
    ('templated-url', 'import os\nU = os.getenv("DATABASE_URL", "postgresql://app:${POSTGRES_PASSWORD}@db:5432/app")\n'),
    ('pydantic-clean', (
        'import secrets\nfrom pydantic import Field, SecretStr\nfrom pydantic_settings import BaseSettings\n\n\n'
        'class Settings(BaseSettings):\n'
        '    jwt_secret_key: str = Field(default_factory=lambda: secrets.token_urlsafe(32))\n'
        '    smtp_password: SecretStr | None = None\n'
        '    first_superuser_password: str = "changethis"\n'
        '    postgres_password: str = Field(...)\n'
        '    redis_password: str = Field(default=None)\n'
        '    api_key: str\n'
        '    project_name: str = "demo"\n'
        '    secret_key_prefix: str = "app"\n'
    )),
    ('not-a-settings-class', 'class Handler:\n    password = "literal-in-a-plain-class"\n'),  # pragma: allowlist secret
    ('classvar', 'from typing import ClassVar\n\n\nclass Settings:\n    token_header: ClassVar[str] = "X-Token"\n'),
    ('module-level-outside-settings', 'SECRET_KEY = "literal-outside-a-settings-module"\n'),  # pragma: allowlist secret
    ('pragma', 'import os\nK = os.getenv("SECRET_KEY", "@V@")  # pragma: allowlist secret\n'),
]


@pytest.mark.parametrize('src, expected', [c[1:] for c in PYTHON_FINDINGS], ids=[c[0] for c in PYTHON_FINDINGS])
def test_python_findings(src, expected, rng):
    assert _check(rng, 'app/main.py', src) == expected


@pytest.mark.parametrize('src', [c[1] for c in PYTHON_CLEAN], ids=[c[0] for c in PYTHON_CLEAN])
def test_python_clean(src, rng):
    assert _check(rng, 'app/main.py', src) == []


# Module-level constants count only in settings modules.
SETTINGS_MODULES = [
    ('backend/app/core/config.py', 'SECRET_KEY = "@V@"\n', [(1, 'SECRET_KEY')]),
    ('myproj/settings.py', 'DEBUG = True\nSECRET_KEY = "@V@"\n', [(2, 'SECRET_KEY')]),
    ('myproj/settings/dev.py', 'API_TOKEN: str = "@V@"\n', [(1, 'API_TOKEN')]),
    ('local_settings.py', 'if True:\n    DB_PASSWORD = "@V@"\n', [(2, 'DB_PASSWORD')]),
    ('app/config.py', 'A = B_PASSWORD = "@V@"\n', [(1, 'B_PASSWORD')]),
    ('app/config.py', 'SECRET_KEY = "changethis"\nPROJECT_NAME = "demo"\nTOKEN_TTL = "30"\n', []),
    ('app/config.py', 'import secrets\nSECRET_KEY = secrets.token_urlsafe(32)\n', []),
    ('app/views.py', 'SECRET_KEY = "@V@"\n', []),
    ('tests/test_config.py', 'SECRET_KEY = "@V@"\n', []),
    ('tests/settings.py', 'SECRET_KEY = "@V@"\n', [(1, 'SECRET_KEY')]),
    ('mysite/settings.py', (
        'import os\n\nDATABASES = {\n    "default": {\n        "USER": "app",\n'
        '        "PASSWORD": "@V@",\n        "HOST": "db",\n    },\n}\n'
    ), [(6, 'DATABASES["default"]["PASSWORD"]')]),
    ('mysite/settings.py', 'DATABASES = {"default": {"PASSWORD": os.environ["DB_PASSWORD"], "NAME": "app"}}\n', []),
    ('mysite/settings.py', '\ufeffSECRET_KEY = "@V@"\n', [(1, 'SECRET_KEY')]),
]


@pytest.mark.parametrize('filename, src, expected', SETTINGS_MODULES)
def test_settings_module_constants(filename, src, expected, rng):
    assert _check(rng, filename, src) == expected


# Compose files, Dockerfiles, shell scripts and other YAML: ${NAME:-default} and friends.
SUBSTITUTIONS = [
    ('compose.yml', 'services:\n  api:\n    environment:\n      JWT_SECRET_KEY: ${JWT_SECRET_KEY:-@V@}\n',
     [(4, 'JWT_SECRET_KEY')]),
    ('docker-compose.override.yaml', 'x:\n  - "DB_PASSWORD=${DB_PASSWORD-@V@}"\n', [(2, 'DB_PASSWORD')]),
    ('deploy/app.yaml', 'token: "${API_TOKEN:=@V@}"\n', [(1, 'API_TOKEN')]),
    ('scripts/start.sh', '#!/bin/sh\nexport SECRET_KEY="${SECRET_KEY:-@V@}"\nexec app\n', [(2, 'SECRET_KEY')]),
    ('scripts/start', '#!/usr/bin/env bash\n: "${REDIS_PASSWORD:=@V@}"\n', [(2, 'REDIS_PASSWORD')]),
    ('compose.yml', 'a: ${OUTER:-${DB_PASSWORD:-@V@}}\n', [(1, 'DB_PASSWORD')]),
    ('compose.yml', 'a: postgresql://app:${POSTGRES_PASSWORD:-@V@}@db/app\n', [(1, 'POSTGRES_PASSWORD')]),
    ('compose.yml', 'a: ${DATABASE_URL:-postgresql://app:@V@@db/app}\n', [(1, 'DATABASE_URL')]),
    ('Dockerfile', 'FROM python:3.12\nARG JWT_SECRET=@V@\nENV API_TOKEN=@V@ MODE=prod\n',
     [(2, 'JWT_SECRET'), (3, 'API_TOKEN')]),
    ('Dockerfile', 'FROM python:3.12\nENV SECRET_KEY @V@\n', [(2, 'SECRET_KEY')]),
    ('api.Dockerfile', 'FROM x\nRUN echo "${HMAC_KEY:-@V@}"\n', [(2, 'HMAC_KEY')]),
    # clean
    ('compose.yml', 'a: ${POSTGRES_PASSWORD:?set it}\nb: ${JWT_SECRET?missing}\nc: ${API_TOKEN}\n', []),
    ('compose.yml', 'a: ${PROJECT_NAME:-demo}\nb: ${SECRET_KEY:+set}\nc: ${SECRET_KEY:-changethis}\n', []),
    ('compose.yml', 'a: ${SECRET_KEY:-}\nb: ${API_TOKEN-""}\n', []),
    ('compose.yml', 'a: ${DATABASE_URL:-postgresql://app:${POSTGRES_PASSWORD}@db/app}\n', []),
    ('compose.yml', 'a: ${DATABASE_URL:-sqlite:///./app.db}\nb: $$SECRET_KEY\n', []),
    ('scripts/gen.sh', 'export SECRET_KEY="${SECRET_KEY:-$(openssl rand -hex 32)}"\n', []),
    ('Dockerfile', 'FROM x\nARG JWT_SECRET\nENV JWT_SECRET=${JWT_SECRET}\nARG API_TOKEN=\n', []),
    ('compose.yml', 'a: ${SECRET_KEY:-@V@}  # pragma: allowlist secret\n', []),
    # not a file this check reads
    ('README.md', 'Set `${JWT_SECRET_KEY:-@V@}`\n', []),
    ('notes.txt', 'JWT_SECRET_KEY=${JWT_SECRET_KEY:-@V@}\n', []),
]


@pytest.mark.parametrize('filename, src, expected', SUBSTITUTIONS)
def test_substitution_defaults(filename, src, expected, rng):
    assert _check(rng, filename, src) == expected


POLICIES = [
    # allow-empty-fallback: an empty default is accepted (`${X:-}` always is: it is `${X}`).
    ('app/main.py', 'import os\nK = os.getenv("SECRET_KEY", "")\n', {'allow_empty_fallback': True}, []),
    ('app/main.py', 'import os\nK = os.getenv("SECRET_KEY", "")\n', {}, [(2, 'SECRET_KEY')]),
    # extra placeholders.
    ('app/main.py', 'import os\nK = os.getenv("SECRET_KEY", "insecure-dev-only")\n',
     {'extra_placeholders': ['insecure-dev-only']}, []),
    ('app/main.py', 'import os\nK = os.getenv("SECRET_KEY", "insecure-dev-only")\n', {}, [(2, 'SECRET_KEY')]),
    # extra secret-name patterns.
    ('app/main.py', 'import os\nK = os.getenv("VAULT_BLOB", "@V@")\n', {'secret_name_patterns': ['vault_?blob']},
     [(2, 'VAULT_BLOB')]),
    ('app/main.py', 'import os\nK = os.getenv("VAULT_BLOB", "@V@")\n', {}, []),
]


@pytest.mark.parametrize('filename, src, options, expected', POLICIES)
def test_configured_policy(filename, src, options, expected, rng):
    policy = Policy(
        names=rules.SecretNames(options.get('secret_name_patterns', ())),
        extra_placeholders=tuple(options.get('extra_placeholders', ())),
        allow_empty_fallback=options.get('allow_empty_fallback', False),
    )
    assert _check(rng, filename, src, policy) == expected


@pytest.mark.parametrize('src', [
    'def broken(:\n    pass\n',
    'x = "unterminated\n',
    'print "python 2"\n',
    '(' * 1000 + ')' * 1000 + '\n',
    'x = ' + '-' * 100_000 + '1\n',
])
def test_unparsable_python_raises_one_line_error(src):
    with pytest.raises(PythonSyntaxError) as e:
        fallbacks.check_text('bad.py', src)
    assert '\n' not in str(e.value)


USED = [
    ('app/main.py', (
        'import os\nfrom os import environ, getenv\n'
        'A = os.getenv("A_VAR")\nB = os.environ["B_VAR"]\nC = environ.get("C_VAR", "x")\n'
        'D = getenv("D_VAR")\nif "E_VAR" in os.environ:\n    os.environ.setdefault("F_VAR", "1")\n'
        'G = os.getenv(dynamic)\n'
    ), [('A_VAR', 3), ('B_VAR', 4), ('C_VAR', 5), ('D_VAR', 6), ('E_VAR', 7), ('F_VAR', 8)]),
    ('app/core/config.py', (
        'from pydantic import Field\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n'
        'class Settings(BaseSettings):\n'
        '    model_config = SettingsConfigDict(env_prefix="APP_")\n'
        '    jwt_secret_key: str\n'
        '    signing: str = Field(alias="HMAC_KEY")\n'
        '    _private: str = "x"\n'
        '\n\nclass Payload:\n    password: str = "not a settings class"\n'  # pragma: allowlist secret
    ), [('APP_JWT_SECRET_KEY', 7), ('HMAC_KEY', 8)]),
    ('app/legacy.py', (
        'from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n'
        '    secret_key: str\n\n    class Config:\n        env_prefix = "LEGACY_"\n'
    ), [('LEGACY_SECRET_KEY', 5)]),
    ('deploy.yml', 'a: ${JWT_SECRET_KEY:-x}\nb: ${OUTER:-${INNER}} $PLAIN\nc: ${DB_PASSWORD:?set}\n',
     [('JWT_SECRET_KEY', 1), ('INNER', 2), ('OUTER', 2), ('DB_PASSWORD', 3)]),
    ('Dockerfile', 'FROM x\nARG API_TOKEN\nENV MODE=prod\nRUN echo ${REDIS_URL}\n',
     [('API_TOKEN', 2), ('MODE', 3), ('REDIS_URL', 4)]),
    ('.env.example', '# c\nexport SECRET_KEY=\nPROJECT_NAME=demo\n', [('SECRET_KEY', 2), ('PROJECT_NAME', 3)]),
    ('broken.py', 'def (:\n', []),
    ('README.md', '${NOT_READ}\n', []),
]


@pytest.mark.parametrize('filename, text, expected', USED)
def test_used_env_variables(filename, text, expected):
    assert used_env_variables(filename, text) == expected


ADVERSARIAL = {  # name -> line of about n characters
    '${ run': lambda n: '${' * (n // 2),
    '${A run': lambda n: '${' + 'A' * n,
    'default run': lambda n: '${A:-' + 'a' * n,
    'repeated defaults': lambda n: ('${A_SECRET:-' + 'b' * 999) * (n // 1000),
    'nested $': lambda n: '${A_TOKEN:-$' * (n // 11),
    'nested ${': lambda n: '${X:-${' * (n // 7),
    'ARG long name': lambda n: 'ARG ' + 'A' * n + '=' + 'x' * 1_000,
    'ENV A= run': lambda n: 'ENV ' + 'A=' * (n // 2),
    'ARG A run': lambda n: 'ARG ' + 'A ' * (n // 2),
    'ENV open quote': lambda n: 'ENV A="' + 'x' * n,
}


@pytest.mark.parametrize('name', sorted(ADVERSARIAL))
@pytest.mark.parametrize('filename', ['compose.yml', 'Dockerfile'])
def test_long_adversarial_lines_are_linear(filename, name):
    def run(n: int) -> None:
        line = ADVERSARIAL[name](n) + '\n'
        fallbacks.check_text(filename, line)
        used_env_variables(filename, line)
    assert_linear(run, 100_000, f'{name} in {filename}')


# ---------------------------------------------------------------------------------------------
# The command.
# ---------------------------------------------------------------------------------------------

def test_cli_reports_sorted_lines_summary_and_fix_never_the_values(tmp_path, rng):
    v1, v2, v3 = (rng.token_urlsafe(18) for _ in range(3))
    write(tmp_path, 'b/config.py', f'import os\nK = os.getenv("JWT_SECRET_KEY", "{v1}")\n')
    write(tmp_path, 'a/compose.yml', f'x:\n  y: ${{API_TOKEN:-{v2}}}\n')
    write(tmp_path, 'b/settings.py', f'\n\nDB_PASSWORD = "{v3}"\nNAME = "demo"\n')
    write(tmp_path, 'clean.py', 'import os\nK = os.getenv("JWT_SECRET_KEY")\n')
    result = run_cli('check-fallbacks', 'b/settings.py', 'clean.py', 'b/config.py', 'a/compose.yml', cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(' ', 1)[0] for line in lines[:3]] == [
        'a/compose.yml:2:', 'b/config.py:2:', 'b/settings.py:3:',
    ]
    assert lines[0] == 'a/compose.yml:2: API_TOKEN: hard-coded fallback value (${API_TOKEN:-...} default)'
    assert lines[4] == '3 hard-coded secret fallbacks in 3 files.'
    assert lines[5].startswith('Fix: ')
    for value in (v1, v2, v3):
        assert value not in result.stdout + result.stderr


def test_cli_clean_and_unparsable(tmp_path, rng):
    write(tmp_path, 'ok.py', 'import os\nK = os.getenv("SECRET_KEY")\n')
    assert run_cli('check-fallbacks', 'ok.py', cwd=tmp_path).returncode == 0

    value = rng.token_urlsafe(18)
    write(tmp_path, 'bad.py', f'import os\nK = os.getenv("SECRET_KEY", "{value}"\nJWT_SECRET = "{value}" +\n')
    write(tmp_path, 'config.py', f'import os\nK = os.getenv("SECRET_KEY", "{value}")\n')
    result = run_cli('check-fallbacks', 'bad.py', 'config.py', cwd=tmp_path)
    assert result.returncode == 2
    # Python 3.9's parser places this error a line later than 3.10+'s.
    [error] = result.stderr.strip().splitlines()
    version = f'{sys.version_info.major}.{sys.version_info.minor}'
    assert error in {f'secret-hooks: error: bad.py: cannot parse as Python {version} (line {n})' for n in (2, 3)}
    assert 'Traceback' not in result.stderr
    assert 'config.py:2: SECRET_KEY:' in result.stdout  # the other files are still checked
    assert value not in result.stdout + result.stderr


def test_cli_defaults_to_tracked_files(tmp_path, rng):
    from tests.conftest import git
    from tests.conftest import init_repo

    repo = init_repo(tmp_path / 'r')
    write(repo, 'app/config.py', 'import os\nK = os.getenv("SECRET_KEY", "@V@")\n'.replace(V, rng.token_urlsafe(18)))
    write(repo, 'untracked.py', 'import os\nK = os.getenv("SECRET_KEY", "@V@")\n'.replace(V, rng.token_urlsafe(18)))
    git(repo, 'add', 'app/config.py')
    result = run_cli('check-fallbacks', cwd=repo)
    assert result.returncode == 1
    assert 'app/config.py:2: SECRET_KEY' in result.stdout and 'untracked.py' not in result.stdout


ALL_ON = '[tool.secret-hooks]\nallow-empty-fallback = true\nextra-placeholders = ["local-dev-key"]\n'


@pytest.mark.parametrize('config_file, config_text, args, expected', [
    ('pyproject.toml', '', [], ['SECRET_KEY', 'API_TOKEN']),
    ('pyproject.toml', '[tool.secret-hooks]\nallow-empty-fallback = true\n', [], ['API_TOKEN']),
    ('setup.cfg', '[secret-hooks]\nallow_empty_fallback = true\n', [], ['API_TOKEN']),
    ('pyproject.toml', '', ['--allow-empty-fallback'], ['API_TOKEN']),
    ('pyproject.toml', ALL_ON, [], []),
    ('setup.cfg', '[secret-hooks]\nallow-empty-fallback = yes\nextra-placeholders = local-dev-key\n', [], []),
    ('pyproject.toml', '', ['--allow-empty-fallback', '--extra-placeholders', 'local-dev-key'], []),
    ('pyproject.toml', ALL_ON + 'secret-name-patterns = ["vault_?blob"]\n', [], ['VAULT_BLOB']),
    ('pyproject.toml', ALL_ON, ['--secret-name-patterns', 'vault_?blob'], ['VAULT_BLOB']),
    ('pyproject.toml', '[tool.secret-hooks]\nallow-empty-fallbak = true\n', [], 2),
    ('pyproject.toml', '[tool.secret-hooks]\nsecret-name-patterns = ["("]\n', [], 2),
])
def test_cli_configuration(tmp_path, config_file, config_text, args, expected):
    write(tmp_path, config_file, config_text)
    write(tmp_path, 'app.py', (
        'import os\nA = os.getenv("SECRET_KEY", "")\nB = os.getenv("API_TOKEN", "local-dev-key")\n'
        'C = os.getenv("VAULT_BLOB", "another-dev-key")\n'
    ))
    result = run_cli('check-fallbacks', *args, 'app.py', cwd=tmp_path)
    if expected == 2:
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and 'Traceback' not in result.stderr
        return
    assert result.returncode == (1 if expected else 0), result.stdout + result.stderr
    reported = [line.split(': ')[1] for line in result.stdout.splitlines() if line.startswith('app.py:')]
    assert reported == expected


@pytest.mark.parametrize('args, config_text, expected', [
    ([], '', ['fixtures/config.py:2:', 'src/config.py:2:']),
    (['--exclude', '^fixtures/'], '', ['src/config.py:2:']),
    ([], '[tool.secret-hooks]\nexclude = ["^fixtures/", "^src/"]\n', []),
])
def test_cli_exclude(tmp_path, args, config_text, expected, rng):
    write(tmp_path, 'pyproject.toml', config_text)
    for path in ('fixtures/config.py', 'src/config.py'):
        write(tmp_path, path, 'import os\nK = os.getenv("SECRET_KEY", "@V@")\n'.replace(V, rng.token_urlsafe(18)))
    result = run_cli('check-fallbacks', *args, 'fixtures/config.py', 'src/config.py', cwd=tmp_path)
    assert [line.split(' ')[0] for line in result.stdout.splitlines() if line.endswith(')')] == expected
    assert result.returncode == (1 if expected else 0)
