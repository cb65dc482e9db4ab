"""DatabaseUrlDetector: every scheme of the design, directly and through the real scan."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from hooks.detectors.db_url import DatabaseUrlDetector
from hooks.detectors.db_url import iter_credentials
from tests.scan_helpers import found
from tests.scan_helpers import scan_file

TYPE = DatabaseUrlDetector.secret_type

# (template with {u} user and {p} password as written, user expected)
URLS = [
    'postgres://{u}:{p}@db:5432/app',
    'postgresql://{u}:{p}@db:5432/app',
    'postgresql+asyncpg://{u}:{p}@db.internal:5432/app',
    'postgresql+psycopg2://{u}:{p}@db/app',
    'mysql://{u}:{p}@db/app',
    'mysql+pymysql://{u}:{p}@db:3306/app?charset=utf8mb4',
    'mariadb://{u}:{p}@db/app',
    'mssql://{u}:{p}@db:1433/app',
    'mssql+pyodbc://{u}:{p}@db/app?driver=ODBC+Driver+18+for+SQL+Server',
    'oracle://{u}:{p}@db:1521/orcl',
    'oracle+cx_oracle://{u}:{p}@db:1521/?service_name=orcl',
    'mongodb://{u}:{p}@h1:27017,h2:27017/app?replicaSet=rs0',
    'mongodb+srv://{u}:{p}@cluster0.example.mongodb.net/app',
    'redis://{u}:{p}@cache:6379/0',
    'rediss://{u}:{p}@cache:6380/0',
    'amqp://{u}:{p}@mq:5672/',
    'amqps://{u}:{p}@mq:5671/vhost',
    'jdbc:postgresql://db:5432/app?user={u}&password={p}',
    'jdbc:mysql://db:3306/app?password={p}&user={u}',
    'jdbc:sqlserver://db:1433;databaseName=app;user={u};password={p};',
    'jdbc:oracle:thin:{u}/{p}@db:1521:orcl',
    'Server=db;Database=app;User Id={u};Password={p};',
    'Driver={{ODBC Driver 18 for SQL Server}};Server=db;Uid={u};Pwd={p};',
]


def analyze(line: str, filename: str = 'x.txt') -> set[str]:
    plugin = DatabaseUrlDetector()
    return {s.secret_value for s in plugin.analyze_line(filename=filename, line=line, line_number=1)}


@pytest.mark.parametrize('template', URLS)
def test_every_scheme_direct(template, rng):
    password = rng.token_urlsafe(15)
    line = template.format(u='app', p=password)
    assert analyze(line) == {password}
    users = {c.user for c in iter_credentials(line)}
    assert users == {'app'}


def test_redis_password_without_user(rng):
    password = rng.token_urlsafe(15)
    assert analyze(f'REDIS_URL=redis://:{password}@cache:6379/0') == {password}


@pytest.mark.parametrize('template', [t for t in URLS if '://' in t and not t.startswith('jdbc')])
def test_percent_encoding_is_decoded(template, rng):
    password = rng.token_urlsafe(10) + 'p@ss/w:rd%#'
    line = template.format(u='app', p=quote(password, safe=''))
    assert analyze(line) == {password}


def test_unencoded_at_sign_password_runs_to_the_last_at(rng):
    password = rng.token_urlsafe(8) + '@' + rng.token_urlsafe(8)
    assert analyze(f'postgresql://app:{password}@db/app') == {password}


def test_ado_braced_password(rng):
    password = rng.token_urlsafe(10) + ';x'
    line = f'Server=db;Database=app;User Id=sa;Password={{{password}}};'
    assert analyze(line) == {password}


@pytest.mark.parametrize('path, template', [
    ('app/db.py', 'engine = create_async_engine("{url}")'),
    ('deploy/cache.yaml', 'cache:\n  url: {url}'),
    ('.env', 'DATABASE_URL={url}'),
    ('config/app.properties', 'db.url={url}'),
    ('config/app.json', '{{\n  "database": "{url}"\n}}'),
])
@pytest.mark.parametrize('template_url', URLS)
def test_through_scan_one_finding_of_our_type(tmp_path, path, template, template_url, rng):
    password = rng.token_urlsafe(15)
    url = template_url.format(u='app', p=password)
    if path.endswith('.json'):
        url = url.replace('\\', '\\\\').replace('"', '\\"')
    text = template.format(url=url) + '\n'
    line_number = text.count('\n', 0, text.index(password)) + 1
    result = scan_file(tmp_path, path, text)
    assert found(result) == [(line_number, TYPE, password)], found(result)


@pytest.mark.parametrize('user, password', [
    ('scott', 'tiger'), ('user', 'pass'), ('username', 'password'), ('user', 'password'),
    ('foo', 'bar'),
])
@pytest.mark.parametrize('template', [URLS[1], URLS[5], URLS[13], URLS[17], URLS[21]])
def test_known_samples_are_not_findings(tmp_path, user, password, template):
    line = template.format(u=user, p=password)
    assert analyze(line) == {password}  # the plugin sees it; the known-sample filter drops it
    assert scan_file(tmp_path, 'docs/db.py', f'URL = "{line}"\n').findings == []
    reported = scan_file(tmp_path, 'docs/db.py', f'URL = "{line}"\n', report_known_samples=True)
    assert (1, TYPE, password) in found(reported)


PLACEHOLDERS = [
    '${DB_PASSWORD}', '${DB_PASSWORD:-}', '$DB_PASSWORD', '{password}', '{{ db_password }}',
    '<password>', '%(password)s', '%s', '****', 'xxxxxxxx', '...', 'changeme', 'changethis',
    'your-password-here', 'example', 'dummy',
]


@pytest.mark.parametrize('placeholder', PLACEHOLDERS)
@pytest.mark.parametrize('template', [URLS[2], URLS[13], URLS[17], URLS[21]])
def test_placeholders_are_not_findings(tmp_path, placeholder, template):
    line = template.format(u='app', p=placeholder)
    result = scan_file(tmp_path, 'app/db.py', f'URL = "{line}"\n')
    assert result.findings == [], found(result)


@pytest.mark.parametrize('line', [
    'postgresql://db:5432/app',
    'postgresql://app@db:5432/app',
    'redis://cache:6379/0',
    'https://user:{p}@example.com/',        # not a database scheme (stock BasicAuth's job)
    'mypostgresql://app:{p}@db/app',        # not the scheme, only ends like it
    'jdbc:postgresql://db:5432/app?user=app',
    'Password={p}',                          # no connection-string marker on the line
    'The password is stored in Vault.',
])
def test_negatives_direct(line, rng):
    assert analyze(line.format(p=rng.token_urlsafe(12))) == set()


def test_ado_user_precheck_skips_only_lines_the_regex_cannot_match(rng):
    """iter_credentials searches ADO_USER_RE only where `user` or `uid` is (an ASCII line): the
    regex finds no user on the lines it skips, in any case."""
    from hooks.detectors.db_url import ADO_USER_RE

    pieces = ['Server=x;', 'Pwd=', 'abc', ';', ' ', '"', 'User Id=', 'UID=', 'uSeRnAmE =', 'user=', 'Us', 'er',
              'ui', 'd=', 'Uid', '=', 'é', 'ſ']
    skipped = found = 0
    for _ in range(3000):
        line = ''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 10)))
        lowered = line.lower()
        if line.isascii() and 'user' not in lowered and 'uid' not in lowered:
            skipped += 1
            assert ADO_USER_RE.search(line) is None, line
        else:
            found += ADO_USER_RE.search(line) is not None
    assert skipped > 100 and found > 100


def test_redis_precheck_skips_only_lines_the_regex_cannot_match(rng):
    """iter_credentials reads Redis option strings only on a line holding `,`, `password` (any
    case) and `:` (ASCII): REDIS_OPTIONS_RE matches none of the lines it skips."""
    from hooks.detectors.db_url import REDIS_OPTIONS_RE

    pieces = ['cache', ':6380', ':', '6379', ',', 'ssl=True,', 'PassWord=', 'password', 'pass', 'word', '=', 'p1',
              'h:6380,', 'h:6380,password=p1',
              ' ', 'ſ', 'é', 'h.example']
    skipped = found = 0
    for _ in range(3000):
        line = ''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 10)))
        if line.isascii() and ',' in line and ('password' not in line.lower() or ':' not in line):
            skipped += 1
            assert REDIS_OPTIONS_RE.search(line) is None, line
        else:
            found += REDIS_OPTIONS_RE.search(line) is not None
    assert skipped > 100 and found > 100
