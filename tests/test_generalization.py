"""A generalization probe set (issue #13): credentials written the way other people write them.

Every case is one realistic file (many languages and formats), labelled by the policy in the
README ("What counts as a secret"): `secret` must be reported; `sample` (placeholders, published
examples, trivial values at reserved hosts or with no host) and `not_secret` (references,
templates, hashes, ids, public keys, unsigned tokens, code) must not.  The inputs are our own;
secret values are generated at test time from a seeded generator (tests/seeded.py), so the
repository holds none.  Known gaps are strict xfails with the reason, so closing one shows up.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import string
import urllib.parse
from typing import Callable
from typing import NamedTuple

import pytest

from hooks.config import Config
from hooks.scan import scanner as scan
from tests.seeded import SeededRandom

ALNUM = string.ascii_letters + string.digits
HEX = '0123456789abcdef'
B64URL = ALNUM + '-_'


class V:
    """Value makers for one case, drawn from a generator seeded by the case's id."""

    def __init__(self, case_id: str) -> None:
        self.r = SeededRandom(f'generalization:{case_id}')

    def s(self, alphabet: str, n: int) -> str:
        return ''.join(self.r.choice(alphabet) for _ in range(n))

    def pw(self, n: int = 18) -> str:
        """A generated password: a letter, letters and digits (both cases, one digit at least),
        a symbol a person adds."""
        body = self.s(string.ascii_lowercase, 1) + self.s(string.ascii_uppercase, 1) + self.s('23456789', 1)
        return self.s(string.ascii_letters, 1) + body + self.s(ALNUM, n - 5) + self.r.choice('!#%+^')

    def urlpw(self) -> str:
        """A password with characters a URL must escape, written escaped."""
        raw = self.s(ALNUM, 6) + '@' + self.s(ALNUM, 5) + '/' + self.s(ALNUM, 5) + ':' + self.s(ALNUM, 3)
        return urllib.parse.quote(raw, safe='')

    def phrase(self) -> str:
        """A human-made password: made-up words, digits and a symbol (not default-password words)."""
        def word() -> str:
            return ''.join(self.r.choice('bdfgklmnprstvz') + self.r.choice('aeiou') for _ in range(3))
        return word().capitalize() + self.r.choice('-.#') + word() + self.s('0123456789', 2)

    def tok(self, n: int = 40) -> str:
        return self.s(ALNUM, n)

    def hex(self, n: int = 40) -> str:
        return self.s(HEX, n)

    def b64(self, nbytes: int = 32) -> str:
        return base64.b64encode(self.r.randbytes(nbytes)).decode()

    def basic(self, user: str, password: str) -> str:
        return base64.b64encode(f'{user}:{password}'.encode()).decode()

    def uuid(self) -> str:
        return str(self.r.uuid4())

    def jwt(self, alg: str = 'HS256', claims: dict[str, object] | None = None) -> str:
        """A real token: HMAC-signed with a random key (or unsigned for `none`)."""
        def part(obj: object) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b'=').decode()
        header = part({'alg': alg, 'typ': 'JWT'})
        payload = part(claims or {'sub': str(self.r.randrange(10**6, 10**7)), 'role': 'service',
                                  'iat': 1_700_000_000 + self.r.randrange(10**6)})
        if alg == 'none':
            return f'{header}.{payload}.'
        mac = hmac.new(self.r.randbytes(32), f'{header}.{payload}'.encode(), hashlib.sha256).digest()
        return f'{header}.{payload}.' + base64.urlsafe_b64encode(mac).rstrip(b'=').decode()

    def pem_body(self, lines: int = 8) -> str:
        return '\n'.join(base64.b64encode(self.r.randbytes(48)).decode() for _ in range(lines))

    def pem(self, kind: str = 'RSA PRIVATE KEY') -> str:
        return f'-----BEGIN {kind}-----\n{self.pem_body()}\n-----END {kind}-----'

    # Vendor token formats (their published shapes; random bodies).
    def github(self) -> str:
        return 'ghp_' + self.tok(36)

    def github_pat(self) -> str:
        return 'github_pat_' + self.s(ALNUM, 22) + '_' + self.s(ALNUM, 59)

    def gitlab(self) -> str:
        return 'glpat-' + self.s(B64URL.replace('-', '').replace('_', ''), 20)

    def slack(self) -> str:
        return f'xoxb-{self.s("0123456789", 12)}-{self.s("0123456789", 13)}-{self.tok(24)}'

    def slack_webhook(self) -> str:
        return (f'https://hooks.slack.com/services/T{self.s(string.ascii_uppercase + "0123456789", 8)}'
                f'/B{self.s(string.ascii_uppercase + "0123456789", 10)}/{self.tok(24)}')

    def stripe(self) -> str:
        return 'sk_' + 'live_' + self.tok(24)

    def aws_id(self) -> str:
        return 'AKIA' + self.s(string.ascii_uppercase + '234567', 16)

    def aws_secret(self) -> str:
        return self.s(ALNUM + '+/', 40)

    def sendgrid(self) -> str:
        return f'SG.{self.s(B64URL, 22)}.{self.s(B64URL, 43)}'

    def npm(self) -> str:
        return 'npm_' + self.tok(36)

    def pypi(self) -> str:
        return 'pypi-AgEIcHlwaS5vcmc' + self.s(B64URL, 120)

    def google(self) -> str:
        return 'AIza' + self.s(B64URL, 35)

    def openai(self) -> str:
        return 'sk-proj-' + self.s(B64URL, 60) + 'T3BlbkFJ' + self.s(B64URL, 60)

    def anthropic(self) -> str:
        return 'sk-ant-api03-' + self.s(B64URL, 93) + 'AA'

    def huggingface(self) -> str:
        return 'hf_' + self.s(string.ascii_letters, 34)

    def twilio(self) -> str:
        return 'SK' + self.hex(32)

    def shopify(self) -> str:
        return 'shpat_' + self.hex(32)

    def digitalocean(self) -> str:
        return 'dop_v1_' + self.hex(64)

    def databricks(self) -> str:
        return 'dapi' + self.hex(32)

    def vault(self) -> str:
        return 'hvs.' + self.tok(24)

    def telegram(self) -> str:
        return f'{self.s("0123456789", 10)}:AA{self.s(B64URL, 33)}'

    def mailgun(self) -> str:
        return 'key-' + self.hex(32)


Make = Callable[[V], str]


class Case(NamedTuple):
    id: str
    label: str      # secret / sample / not_secret
    filename: str
    make: Make


CASES: list[Case] = []


def add(label: str, case_id: str, filename: str, make: Make) -> None:
    CASES.append(Case(case_id, label, filename, make))


def secret(case_id: str, filename: str, make: Make) -> None:
    add('secret', case_id, filename, make)


def sample(case_id: str, filename: str, make: Make) -> None:
    add('sample', case_id, filename, make)


def not_secret(case_id: str, filename: str, make: Make) -> None:
    add('not_secret', case_id, filename, make)


# ---------------------------------------------------------------------------------------------
# Secrets: assignments in code.
# ---------------------------------------------------------------------------------------------

secret('py-settings', 'app/settings.py', lambda v: f'DB_PASSWORD = "{v.pw()}"\n')
secret('py-pydantic-default', 'app/config.py',
       lambda v: f'class Settings(BaseSettings):\n    smtp_password: str = "{v.pw()}"\n')
secret('py-dict', 'app/conf.py', lambda v: f'DATABASES = {{"default": {{"USER": "shop", "PASSWORD": "{v.pw()}"}}}}\n')
secret('py-word-password', 'app/settings.py', lambda v: f"EMAIL_HOST_PASSWORD = '{v.phrase()}'\n")
secret('py-api-key', 'app/clients.py', lambda v: f"PAYMENTS_API_KEY = '{v.tok(32)}'\n")
secret('py-kwarg-psycopg2', 'app/db.py',
       lambda v: f'conn = psycopg2.connect(host="pg-main.shop.internal", dbname="orders", user="app", password="{v.pw()}")\n')
secret('py-psycopg2-dsn', 'app/db.py',
       lambda v: f'conn = psycopg2.connect("host=pg-main.shop.internal dbname=orders user=app password={v.pw()}")\n')
secret('py-redis', 'app/cache.py',
       lambda v: f'r = redis.Redis(host="cache-1.shop.internal", port=6379, password="{v.pw()}")\n')
secret('py-requests-auth-tuple', 'app/sync.py',
       lambda v: f'resp = requests.get(url, auth=("sync-bot", "{v.pw()}"), timeout=10)\n')
secret('py-httpbasicauth', 'app/sync.py',
       lambda v: f'session.auth = HTTPBasicAuth("sync-bot", "{v.pw()}")\n')
secret('py-smtplib-login', 'app/mail.py', lambda v: f'server.login("alerts@shop-mail.io", "{v.pw()}")\n')
secret('py-pymysql-passwd', 'app/db.py',
       lambda v: f'db = pymysql.connect(host="10.2.0.14", user="report", passwd="{v.pw()}", db="sales")\n')
secret('py-paramiko', 'deploy/ssh.py',
       lambda v: f'client.connect("bastion.shop.io", username="deploy", password="{v.pw()}")\n')
secret('py-boto3', 'app/storage.py',
       lambda v: f"s3 = boto3.client('s3', aws_access_key_id='{v.aws_id()}', aws_secret_access_key='{v.aws_secret()}')\n")
secret('py-aiohttp-basicauth', 'app/sync.py', lambda v: f'auth = aiohttp.BasicAuth("bot", "{v.pw()}")\n')
secret('py-ftp-login', 'app/ftp.py', lambda v: f'ftp = FTP("ftp.partner.io")\nftp.login("upload", "{v.pw()}")\n')
secret('py-environ-default', 'app/settings.py',
       lambda v: f'SECRET_KEY = os.environ.get("SECRET_KEY", "{v.tok(50)}")\n')
secret('py-jwt-encode', 'app/auth.py', lambda v: f'token = jwt.encode(payload, "{v.tok(32)}", algorithm="HS256")\n')
secret('py-fastapi-secret-key', 'app/security.py', lambda v: f'SECRET_KEY = "{v.hex(64)}"\nALGORITHM = "HS256"\n')
secret('js-const', 'src/config.js', lambda v: f'const apiKey = "{v.tok(32)}";\n')
secret('js-object', 'knexfile.js',
       lambda v: f"module.exports = {{ client: 'pg', connection: "
                 f"{{ host: 'db.shop.io', user: 'app', password: '{v.pw()}' }} }};\n")
secret('js-nodemailer-pass', 'src/mail.js',
       lambda v: f"const t = nodemailer.createTransport("
                 f"{{ host: 'smtp.mailhost.io', auth: {{ user: 'noreply@shop.io', pass: '{v.pw()}' }} }});\n")
secret('ts-typed-const', 'src/env.ts', lambda v: f'export const clientSecret: string = "{v.tok(40)}";\n')
secret('ts-axios-auth', 'src/api.ts',
       lambda v: f"await axios.get(url, {{ auth: {{ username: 'svc', password: '{v.pw()}' }} }});\n")
secret('go-short-decl', 'main.go', lambda v: f'\tpassword := "{v.pw()}"\n')
secret('go-const', 'config.go', lambda v: f'const apiToken = "{v.tok(40)}"\n')
secret('go-sql-open', 'db.go',
       lambda v: f'db, err := sql.Open("postgres", "host=pg.shop.internal user=app '
                 f'password={v.pw()} dbname=orders sslmode=require")\n')
secret('go-smtp-plainauth', 'mail.go',
       lambda v: f'auth := smtp.PlainAuth("", "alerts@shop.io", "{v.pw()}", "smtp.mailhost.io")\n')
secret('java-field', 'src/main/java/Db.java', lambda v: f'    private static final String DB_PASSWORD = "{v.pw()}";\n')
secret('java-drivermanager', 'src/main/java/Db.java',
       lambda v: f'Connection c = DriverManager.getConnection("jdbc:postgresql://pg.shop.io/orders", "app", "{v.pw()}");\n')
secret('java-setpassword', 'src/main/java/Db.java', lambda v: f'    ds.setPassword("{v.pw()}");\n')
secret('csharp-var', 'Program.cs', lambda v: f'var password = "{v.pw()}";\n')
secret('csharp-networkcredential', 'Mailer.cs',
       lambda v: f'client.Credentials = new NetworkCredential("alerts@shop.io", "{v.pw()}");\n')
secret('csharp-connstring', 'Startup.cs',
       lambda v: f'var cs = "Server=sql01.shop.internal;Database=Orders;User Id=app;Password={v.pw()};";\n')
secret('php-var', 'config.php', lambda v: f"$db_password = '{v.pw()}';\n")
secret('php-array', 'config/database.php', lambda v: f"        'password' => '{v.pw()}',\n")
secret('php-define', 'wp-config.php', lambda v: f"define( 'DB_PASSWORD', '{v.pw()}' );\n")
secret('ruby-hash', 'config/initializers/mail.rb', lambda v: f"  password: '{v.pw()}',\n")
secret('ruby-rocket', 'config/initializers/mail.rb', lambda v: f"  :password => '{v.pw()}',\n")
secret('ruby-attr', 'config/initializers/stripe.rb', lambda v: f'Payments.api_key = "{v.tok(32)}"\n')
secret('perl-my', 'lib/Db.pm', lambda v: f'my $password = "{v.pw()}";\n')
secret('perl-dbi', 'bin/report.pl',
       lambda v: f'my $dbh = DBI->connect("dbi:Pg:dbname=sales;host=10.3.1.7", "report", "{v.pw()}");\n')
secret('shell-export', 'deploy/env.sh', lambda v: f'export DB_PASSWORD={v.pw()}\n')
secret('shell-pgpassword', 'deploy/backup.sh',
       lambda v: f'PGPASSWORD={v.pw()} pg_dump -h pg.shop.internal -U backup orders > dump.sql\n')
secret('shell-mysql-p', 'deploy/backup.sh', lambda v: f'mysqldump -h 10.4.0.9 -u backup -p{v.pw()} sales > sales.sql\n')
secret('shell-docker-login', 'ci/push.sh', lambda v: f'docker login -u ci-bot -p {v.pw()} registry.shop.io\n')
secret('shell-password-flag', 'ci/deploy.sh', lambda v: f'cli deploy --user ops --password {v.pw()} --env prod\n')
secret('powershell-securestring', 'deploy/setup.ps1',
       lambda v: f'$secure = ConvertTo-SecureString "{v.pw()}" -AsPlainText -Force\n')
secret('powershell-env', 'deploy/setup.ps1', lambda v: f'$env:API_TOKEN = "{v.tok(40)}"\n')
secret('powershell-var', 'deploy/setup.ps1', lambda v: f'$Password = "{v.pw()}"\n')

# ---------------------------------------------------------------------------------------------
# Secrets: configuration formats.
# ---------------------------------------------------------------------------------------------

secret('yaml-unquoted', 'config/app.yaml', lambda v: f'database:\n  host: pg.shop.internal\n  password: {v.pw()}\n')
secret('yaml-quoted-token', 'config/app.yml', lambda v: f'payments:\n  api_key: "{v.tok(32)}"\n')
secret('yaml-word-password', 'config/app.yml', lambda v: f'smtp:\n  password: {v.phrase()}\n')
secret('k8s-secret-stringdata', 'k8s/secret.yaml',
       lambda v: f'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  POSTGRES_PASSWORD: "{v.pw()}"\n')
secret('k8s-env-value', 'k8s/deploy.yaml',
       lambda v: f'        env:\n          - name: API_TOKEN\n            value: "{v.tok(40)}"\n')
secret('compose-env-list', 'docker-compose.yml',
       lambda v: f'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD={v.pw()}\n')
secret('compose-env-map', 'docker-compose.yml',
       lambda v: f'services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: {v.pw()}\n')
secret('json-password', 'config/prod.json', lambda v: f'{{\n  "db": {{\n    "password": "{v.pw()}"\n  }}\n}}\n')
secret('json-apikey', 'appsettings.json', lambda v: f'{{ "Mail": {{ "ApiKey": "{v.tok(40)}" }} }}\n')
secret('toml-password', 'config.toml', lambda v: f'[database]\nuser = "app"\npassword = "{v.pw()}"\n')
secret('ini-password', 'setup.cfg', lambda v: f'[db]\nhost = pg.shop.internal\npassword = {v.pw()}\n')
secret('mycnf-client', '.my.cnf', lambda v: f'[client]\nuser=report\npassword={v.pw()}\nhost=10.4.0.9\n')
secret('env-secret-key', '.env', lambda v: f'SECRET_KEY={v.tok(50)}\n')
secret('env-quoted', '.env.production', lambda v: f'SMTP_PASSWORD="{v.pw()}"\n')
secret('xml-add-key', 'Web.config', lambda v: f'  <add key="SmtpPassword" value="{v.pw()}" />\n')
secret('xml-element', 'settings.xml',
       lambda v: f'<server>\n  <id>shop-releases</id>\n  <username>deployer</username>\n'
                 f'  <password>{v.pw()}</password>\n</server>\n')
secret('xml-spring-property', 'applicationContext.xml',
       lambda v: f'  <property name="password" value="{v.pw()}"/>\n')
secret('xml-connectionstring', 'Web.config',
       lambda v: f'  <add name="Main" connectionString="Data Source=sql01.shop.internal;Initial Catalog=Shop;'
                 f'User ID=web;Password={v.pw()}" />\n')
secret('properties-spring', 'src/main/resources/application.properties',
       lambda v: f'spring.datasource.url=jdbc:postgresql://pg.shop.io:5432/orders\nspring.datasource.password={v.pw()}\n')
secret('properties-spaced', 'gradle.properties', lambda v: f'signing.password = {v.pw()}\n')
secret('hcl-terraform', 'main.tf', lambda v: f'resource "aws_db_instance" "main" {{\n  password = "{v.pw()}"\n}}\n')
secret('hcl-master-password', 'rds.tf', lambda v: f'  master_password = "{v.pw()}"\n')
secret('dockerfile-env', 'Dockerfile', lambda v: f'FROM python:3.12\nENV DB_PASSWORD={v.pw()}\n')
secret('dockerfile-env-space', 'Dockerfile', lambda v: f'FROM node:20\nENV API_TOKEN {v.tok(40)}\n')
secret('dockerfile-arg', 'Dockerfile', lambda v: f'ARG NPM_TOKEN={v.npm()}\n')
secret('github-actions-env', '.github/workflows/ci.yml', lambda v: f'    env:\n      API_KEY: {v.tok(32)}\n')

# ---------------------------------------------------------------------------------------------
# Secrets: HTTP, command lines, credential files.
# ---------------------------------------------------------------------------------------------

secret('http-bearer', 'docs/requests.http',
       lambda v: f'GET /v1/orders HTTP/1.1\nHost: api.shop.io\nAuthorization: Bearer {v.tok(40)}\n')
secret('http-basic', 'docs/requests.http', lambda v: f'Authorization: Basic {v.basic("svc-sync", v.pw())}\n')
secret('http-token', 'docs/requests.http', lambda v: f'Authorization: Token {v.hex(40)}\n')
secret('http-x-api-key', 'docs/requests.http', lambda v: f'X-Api-Key: {v.tok(32)}\n')
secret('http-x-auth-token', 'docs/requests.http', lambda v: f'X-Auth-Token: {v.tok(32)}\n')
secret('http-x-vendor-key', 'docs/requests.http', lambda v: f'X-Shop-Api-Key: {v.tok(32)}\n')
secret('curl-u', 'docs/api.md', lambda v: f'curl -u admin:{v.pw()} https://ci.shop.io/api/json\n')
secret('curl-user-long', 'scripts/sync.sh', lambda v: f'curl --user "deploy:{v.pw()}" https://repo.shop.io/upload\n')
secret('curl-header-bearer', 'README.md',
       lambda v: f'curl -H "Authorization: Bearer {v.tok(40)}" https://api.shop.io/v1/me\n')
secret('curl-header-apikey', 'README.md', lambda v: f"curl -H 'x-api-key: {v.tok(32)}' https://api.shop.io/v1/me\n")
secret('httpie-auth', 'README.md', lambda v: f'http -a sync:{v.pw()} https://api.shop.io/v1/me\n')
secret('httpie-auth-long', 'README.md', lambda v: f'https --auth sync:{v.pw()} api.shop.io/v1/me\n')
secret('httpie-header', 'README.md', lambda v: f'http https://api.shop.io/v1/me "Authorization:Bearer {v.tok(40)}"\n')
secret('wget-password', 'scripts/fetch.sh',
       lambda v: f'wget --user=mirror --password={v.pw()} https://files.shop.io/dump.tgz\n')
secret('wget-http-password', 'scripts/fetch.sh',
       lambda v: f'wget --http-user=mirror --http-password={v.pw()} https://files.shop.io/dump.tgz\n')
secret('netrc-one-line', '.netrc', lambda v: f'machine api.shop.io login deploy password {v.pw()}\n')
secret('netrc-multi-line', '.netrc', lambda v: f'machine api.shop.io\n  login deploy\n  password {v.pw()}\n')
secret('pgpass', '.pgpass', lambda v: f'pg.shop.internal:5432:orders:app:{v.pw()}\n')
secret('pip-conf', 'pip.conf', lambda v: f'[global]\nindex-url = https://ci:{v.pw()}@pypi.shop.io/simple\n')
secret('npmrc-authtoken', '.npmrc', lambda v: f'//registry.npmjs.org/:_authToken={v.npm()}\n')
secret('npmrc-private-authtoken', '.npmrc', lambda v: f'//npm.shop.io/:_authToken={v.uuid()}\n')
secret('npmrc-auth', '.npmrc', lambda v: f'_auth={v.basic("ci", v.pw())}\n')
secret('docker-config-auth', '.docker/config.json',
       lambda v: f'{{\n  "auths": {{\n    "registry.shop.io": {{\n      "auth": "{v.basic("ci", v.pw())}"\n    }}\n  }}\n}}\n')
secret('git-credentials', '.git-credentials', lambda v: f'https://deploy:{v.pw()}@git.shop.io\n')

# ---------------------------------------------------------------------------------------------
# Secrets: connection URLs and strings.
# ---------------------------------------------------------------------------------------------

secret('url-postgres', 'app/settings.py', lambda v: f'DATABASE_URL = "postgresql://app:{v.pw()}@pg.shop.internal:5432/orders"\n')
secret('url-postgres-driver', 'alembic.ini', lambda v: f'sqlalchemy.url = postgresql+psycopg2://app:{v.pw()}@10.1.2.3/orders\n')
secret('url-asyncpg', 'app/db.py',
       lambda v: f'engine = create_async_engine("postgresql+asyncpg://app:{v.pw()}@db.shop.io/orders")\n')
secret('url-mysql', '.env', lambda v: f'DATABASE_URL=mysql://shop:{v.pw()}@mysql-1.shop.io:3306/shop\n')
secret('url-redis-nouser', 'config/cache.yml', lambda v: f'redis_url: redis://:{v.pw()}@cache.shop.io:6379/0\n')
secret('url-rediss', '.env', lambda v: f'REDIS_URL=rediss://default:{v.pw()}@redis-1234.c1.cloud.redislabs.com:16379\n')
secret('url-mongo-srv', 'app/db.js',
       lambda v: f'const uri = "mongodb+srv://shop:{v.pw()}@cluster0.ab12c.mongodb.net/shop?retryWrites=true";\n')
secret('url-amqp', 'celeryconfig.py', lambda v: f'broker_url = "amqp://worker:{v.pw()}@mq.shop.internal:5672/shop"\n')
secret('url-encoded-password', 'app/settings.py', lambda v: f'DATABASE_URL = "postgresql://app:{v.urlpw()}@pg.shop.io/orders"\n')
secret('url-ipv6-host', 'app/settings.py', lambda v: f'DATABASE_URL = "postgresql://app:{v.pw()}@[fd12:3456::7]:5432/orders"\n')
secret('url-trivial-at-private-ip', 'docs/deploy.md', lambda v: 'postgresql://admin:admin@10.20.30.40:5432/production\n')
secret('url-trivial-at-real-host', 'deploy/env.sh', lambda v: 'export DATABASE_URL=mysql://root:root@db01.shop-corp.com/shop\n')
secret('url-in-prose', 'docs/notes.txt',
       lambda v: f'the staging db is at postgres://stage:{v.pw()}@stage-db.shop.io/app for now\n')
secret('url-https-userinfo', 'scripts/mirror.sh', lambda v: f'git clone https://ci-bot:{v.tok(40)}@git.shop.io/shop/app.git\n')
secret('jdbc-query', 'application.properties',
       lambda v: f'db.url=jdbc:postgresql://pg.shop.io:5432/orders?user=app&password={v.pw()}\n')
secret('jdbc-sqlserver', 'application.properties',
       lambda v: f'db.url=jdbc:sqlserver://sql01.shop.io:1433;databaseName=Shop;user=app;password={v.pw()}\n')
secret('jdbc-mysql', 'config.yml', lambda v: f'url: "jdbc:mysql://10.4.0.9:3306/sales?user=report&password={v.pw()}"\n')
secret('odbc-pwd', 'etl/load.py',
       lambda v: f'cn = pyodbc.connect("Driver={{ODBC Driver 18 for SQL Server}};'
                 f'Server=tcp:sql01.shop.io,1433;Uid=etl;Pwd={v.pw()};")\n')
secret('ado-password', 'appsettings.json',
       lambda v: f'{{ "ConnectionStrings": {{ "Main": "Server=sql01.shop.io;'
                 f'Database=Shop;User Id=web;Password={v.pw()};" }} }}\n')
secret('azure-storage', 'appsettings.json',
       lambda v: f'"Storage": "DefaultEndpointsProtocol=https;AccountName=shopdata;'
                 f'AccountKey={v.b64(64)};EndpointSuffix=core.windows.net"\n')
secret('azure-servicebus', 'local.settings.json',
       lambda v: f'"Bus": "Endpoint=sb://shop-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;'
                 f'SharedAccessKey={v.b64(32)}"\n')
secret('redis-stackexchange', 'appsettings.json', lambda v: f'"Redis": "cache.shop.io:6380,password={v.pw()},ssl=True"\n')

# ---------------------------------------------------------------------------------------------
# Secrets: tokens, keys and vendor formats (with and without a slot).
# ---------------------------------------------------------------------------------------------

secret('jwt-in-code', 'tests/test_api.py', lambda v: f'TOKEN = "{v.jwt()}"\n')
secret('jwt-in-json', 'fixtures/session.json', lambda v: f'{{"access_token": "{v.jwt()}", "token_type": "bearer"}}\n')
secret('jwt-header', 'docs/requests.http', lambda v: f'Authorization: Bearer {v.jwt()}\n')
secret('jwt-cookie', 'docs/requests.http', lambda v: f'Cookie: session={v.jwt()}; theme=dark\n')
secret('jwt-bare', 'docs/notes.md', lambda v: f'The service token is {v.jwt()} until rotation.\n')
secret('jwt-hs512', 'config/dev.yaml', lambda v: f'token: {v.jwt("HS512")}\n')
secret('pem-rsa', 'deploy/key.pem', lambda v: v.pem() + '\n')
secret('pem-pkcs8-in-json', 'sa.json',
       lambda v: '{"type": "service_account", "private_key": "' + v.pem('PRIVATE KEY').replace('\n', '\\n') + '\\n"}\n')
secret('pem-ec', 'certs/ec.key', lambda v: v.pem('EC PRIVATE KEY') + '\n')
secret('pem-openssh', 'ops/id_ed25519', lambda v: v.pem('OPENSSH PRIVATE KEY') + '\n')
secret('pem-in-yaml', 'config/tls.yaml', lambda v: 'tls:\n  key: |\n    ' + v.pem().replace('\n', '\n    ') + '\n')
secret('pem-truncated', 'docs/incident.md', lambda v: '-----BEGIN RSA PRIVATE KEY-----\n' + v.pem_body(3) + '\n')
secret('github-in-slot', '.env', lambda v: f'GITHUB_TOKEN={v.github()}\n')
secret('github-bare', 'docs/notes.md', lambda v: f'rotated {v.github()} yesterday\n')
secret('github-fine-grained', 'ci/release.sh', lambda v: f'gh auth login --with-token <<< "{v.github_pat()}"\n')
secret('gitlab-pat', 'ci/mirror.sh', lambda v: f'git push https://oauth2:{v.gitlab()}@gitlab.com/shop/app.git\n')
secret('gitlab-bare', 'docs/notes.md', lambda v: f'use {v.gitlab()} for the runner\n')
secret('slack-bot', 'app/notify.py', lambda v: f'client = WebClient(token="{v.slack()}")\n')
secret('slack-webhook', 'app/notify.py', lambda v: f'WEBHOOK = "{v.slack_webhook()}"\n')
secret('stripe-live', 'app/billing.py', lambda v: f'stripe.api_key = "{v.stripe()}"\n')
secret('stripe-bare', 'app/billing.js', lambda v: f"const stripe = require('stripe')('{v.stripe()}');\n")
secret('aws-pair-ini', '.aws/credentials',
       lambda v: f'[default]\naws_access_key_id = {v.aws_id()}\naws_secret_access_key = {v.aws_secret()}\n')
secret('aws-id-bare', 'docs/notes.md', lambda v: f'key {v.aws_id()} belongs to the uploader\n')
secret('sendgrid', 'app/mail.py', lambda v: f'sg = SendGridAPIClient("{v.sendgrid()}")\n')
secret('npm-bare', 'ci/publish.sh', lambda v: f'npm config set //registry.npmjs.org/:_authToken {v.npm()}\n')
secret('pypi', '.pypirc', lambda v: f'[pypi]\nusername = __token__\npassword = {v.pypi()}\n')
secret('google-api-key', 'src/maps.js', lambda v: f'const maps = new Maps("{v.google()}");\n')
secret('openai-key', 'app/llm.py', lambda v: f'client = OpenAI(api_key="{v.openai()}")\n')
secret('openai-bare', 'app/llm.py', lambda v: f'client = OpenAI("{v.openai()}")\n')
secret('anthropic-bare', 'app/llm.py', lambda v: f'client = Anthropic("{v.anthropic()}")\n')
secret('huggingface-bare', 'app/hub.py', lambda v: f'login("{v.huggingface()}")\n')
secret('twilio-key', 'app/sms.py', lambda v: f'client = Client("{v.twilio()}", "{v.hex(32)}")\n')
secret('shopify-bare', 'app/shop.py', lambda v: f'session = Session("shop.myshopify.com", "2024-01", "{v.shopify()}")\n')
secret('digitalocean-bare', 'ops/do.sh', lambda v: f'doctl auth init -t {v.digitalocean()}\n')
secret('databricks-bare', 'etl/job.py', lambda v: f'w = WorkspaceClient(host=HOST, token="{v.databricks()}")\n')
secret('vault-bare', 'ops/vault.sh', lambda v: f'vault login {v.vault()}\n')
secret('telegram-bare', 'bot/main.py', lambda v: f'bot = Bot("{v.telegram()}")\n')
secret('mailgun-in-slot', 'app/mail.py', lambda v: f'MAILGUN_API_KEY = "{v.mailgun()}"\n')
secret('azure-devops-header', 'ci/call.sh',
       lambda v: f'curl -H "Authorization: Basic {v.basic("", v.tok(52).lower())}" https://dev.azure.com/shop/_apis\n')

# Bare vendor tokens in prose, unquoted: the format alone is the credential (no slot, no quotes
# for an entropy plugin to read).
for _vendor in ('github', 'github_pat', 'gitlab', 'slack', 'stripe', 'aws_id', 'sendgrid', 'npm', 'pypi', 'google',
                'openai', 'anthropic', 'huggingface', 'twilio', 'shopify', 'digitalocean', 'databricks', 'vault',
                'telegram', 'mailgun'):
    secret(f'prose-{_vendor}', 'docs/incident.md',
           lambda v, _m=_vendor: f'The leaked credential was {getattr(v, _m)()} and it is revoked now.\n')

secret('py-ldap-bind', 'app/ldap.py', lambda v: f'conn.simple_bind_s("cn=sync,dc=shop,dc=io", "{v.pw()}")\n')
secret('py-pika-credentials', 'app/mq.py', lambda v: f"creds = pika.PlainCredentials('worker', '{v.pw()}')\n")
secret('php-mysqli', 'db.php', lambda v: f"$conn = mysqli_connect('10.4.0.9', 'shop', '{v.pw()}', 'shop');\n")
secret('php-pdo', 'db.php', lambda v: f"$pdo = new PDO('mysql:host=db.shop.io;dbname=shop', 'shop', '{v.pw()}');\n")
secret('java-setproperty', 'Main.java', lambda v: f'System.setProperty("db.password", "{v.pw()}");\n')
secret('java-props-put', 'Main.java', lambda v: f'props.put("mail.smtp.password", "{v.pw()}");\n')
secret('js-localstorage', 'src/auth.js', lambda v: f"localStorage.setItem('authToken', '{v.tok(40)}');\n")
secret('go-setenv', 'main_test.go', lambda v: f'\tos.Setenv("API_TOKEN", "{v.tok(40)}")\n')
secret('shell-mysql-password-long', 'deploy/backup.sh', lambda v: f'mysql --host=10.4.0.9 --user=ops --password={v.pw()} shop\n')
secret('shell-token-flag', 'ci/release.sh', lambda v: f'release-cli publish --api-token {v.tok(40)}\n')
secret('shell-env-prefix-token', 'README.md', lambda v: f'GITHUB_TOKEN={v.tok(40)} make release\n')
secret('dockerfile-arg-password', 'Dockerfile', lambda v: f'ARG DB_PASSWORD={v.pw()}\n')

secret('xml-element-camel', 'App.config', lambda v: f'    <ApiKey>{v.tok(32)}</ApiKey>\n')
secret('shell-export-pgpassword', 'deploy/env.sh', lambda v: f'export PGPASSWORD={v.pw()}\n')
secret('shell-sshpass', 'deploy/copy.sh', lambda v: f"sshpass -p '{v.pw()}' scp dump.sql ops@10.4.0.9:/backup/\n")
secret('shell-sshpass-env', 'deploy/copy.sh', lambda v: f'SSHPASS={v.pw()} sshpass -e ssh ops@10.4.0.9\n')
secret('shell-redis-cli-a', 'README.md', lambda v: f'redis-cli -h cache.shop.io -p 6380 -a {v.pw()} ping\n')
secret('shell-oc-login', 'ci/deploy.sh', lambda v: f'oc login -u deployer -p {v.pw()} https://api.ocp.shop.io:6443\n')
secret('shell-keytool-storepass', 'ci/sign.sh', lambda v: f'keytool -list -keystore release.jks -storepass {v.pw()}\n')
secret('shell-openssl-passin', 'ci/sign.sh', lambda v: f'openssl pkcs12 -in cert.p12 -out cert.pem -passin pass:{v.pw()}\n')
secret('shell-mongosh-password', 'README.md',
       lambda v: f'mongosh "mongodb://db.shop.io:27017/shop" --username app --password {v.pw()}\n')
secret('shell-az-account-key', 'ci/upload.sh',
       lambda v: f'az storage blob upload --account-name shopdata --account-key {v.b64(64)} -f x\n')
secret('url-query-api-key', 'docs/api.md', lambda v: f'GET https://api.weather.io/v2/forecast?q=paris&api_key={v.hex(32)}\n')
secret('url-query-access-token', 'app/client.py',
       lambda v: f'URL = "https://graph.social.io/me?fields=id&access_token={v.tok(60)}"\n')
secret('url-sas-signature', 'app/storage.py',
       lambda v: 'SAS_URL = "https://shopdata.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl'
                 f'&se=2030-01-01T00:00:00Z&spr=https&sig={urllib.parse.quote(v.b64(32), safe="")}"\n')
secret('prose-lin-api', 'docs/incident.md', lambda v: f'linear key lin_api_{v.tok(40)} was exposed\n')
secret('prose-postman', 'docs/incident.md', lambda v: f'postman key PMAK-{v.hex(24)}-{v.hex(34)} was exposed\n')

# ---------------------------------------------------------------------------------------------
# Samples: placeholders, published examples, trivial values at reserved hosts or with none.
# ---------------------------------------------------------------------------------------------

sample('ph-angle', 'README.md', lambda v: 'DB_PASSWORD=<your-db-password>\n')
sample('ph-your-key-here', '.env.example', lambda v: 'API_KEY=your_api_key_here\n')
sample('ph-changeme', 'config/app.yaml', lambda v: 'password: changeme\n')
sample('ph-stars', 'config/app.yaml', lambda v: 'password: "********"\n')
sample('ph-xs', 'app/settings.py', lambda v: 'API_TOKEN = "xxxxxxxxxxxxxxxxxxxxxxxx"\n')
sample('ph-replace-me', '.env.sample', lambda v: 'SECRET_KEY=REPLACE_ME_WITH_A_LONG_RANDOM_STRING\n')
sample('ph-brackets', 'docs/setup.md', lambda v: 'password = "[DB_PASSWORD]"\n')
sample('ph-yourpassword', 'docs/setup.md', lambda v: "mysql -u root -pYourPassword -h db.shop.io\n")
sample('ph-dummy', 'tests/conftest.py', lambda v: 'API_KEY = "dummy-api-key-for-tests"\n')
sample('ph-fake', 'tests/test_client.py', lambda v: 'client = Client(api_key="fake-key-123")\n')
sample('ph-url-markup', 'README.md', lambda v: 'DATABASE_URL=postgresql://<user>:<password>@<host>:5432/<db>\n')
sample('ph-url-words', 'docs/config.rst', lambda v: '    postgresql://username:password@hostname/dbname\n')
sample('ph-ellipsis', 'README.md', lambda v: 'Authorization: Bearer ...\n')
sample('ph-curl-markup', 'README.md', lambda v: 'curl -u <username>:<api-token> https://api.shop.io/v1/me\n')
sample('ph-netrc', 'docs/netrc.md', lambda v: 'machine api.shop.io login <user> password <token>\n')
sample('ph-aws-docs', 'docs/aws.md', lambda v: 'aws_access_key_id = AKIAIOSFODNN7' + 'EXAMPLE\n')
sample('ph-sample-suffix', '.env.example', lambda v: 'STRIPE_SECRET=sk_' + 'live_sample_secret_key\n')
sample('ph-slot-name', 'config/app.yaml', lambda v: 'api_token: api_token\n')
sample('ph-hexspeak', 'tests/test_keys.py', lambda v: 'SECRET_KEY = "deadbeefcafebabe"\n')
sample('ph-keyboard', 'tests/test_login.py', lambda v: 'password = "qwertyuiop"\n')
sample('basic-user-as-password', 'docs/http.md',
       lambda v: 'Authorization: Basic ' + v.basic(u := v.s(string.ascii_lowercase, 7), u) + '\n')
sample('bearer-template', 'docs/http.md', lambda v: 'Authorization: Bearer {{ access_token }}\n')
sample('jwt-io-key-token', 'docs/jwt.md', lambda v: _jwt_signed_with('your-256-bit-' + 'secret', v))
sample('trivial-localhost-pg', 'docker-compose.yml',
       lambda v: '      DATABASE_URL: postgresql://postgres:postgres@localhost:5432/app\n')
sample('trivial-loopback-redis', '.env.example', lambda v: 'REDIS_URL=redis://:password@127.0.0.1:6379/0\n')
sample('trivial-example-host', 'docs/db.md', lambda v: 'mysql://root:root@db.example.com/shop\n')
sample('trivial-amqp-guest', 'README.md', lambda v: 'BROKER_URL=amqp://guest:guest@localhost:5672//\n')
sample('trivial-docker-internal', '.env.example', lambda v: 'MONGO_URL=mongodb://admin:admin123@host.docker.internal:27017\n')
sample('trivial-ipv6-loopback', 'tests/test_db.py', lambda v: 'URL = "postgresql://test:test@[::1]:5432/test"\n')
sample('trivial-doc-ip', 'docs/net.md', lambda v: 'redis://default:secret@192.0.2.10:6379\n')
sample('trivial-doc-ipv6', 'docs/net.md', lambda v: 'postgresql://app:password@[2001:db8::5]/app\n')
sample('trivial-curl-localhost', 'README.md', lambda v: 'curl -u admin:admin http://localhost:8080/api\n')
sample('trivial-no-host', 'tests/test_auth.py', lambda v: 'PASSWORD = "password123"\n')
sample('trivial-leet-no-host', 'tests/test_auth.py', lambda v: 'password = "P@ssw0rd!"\n')
sample('trivial-user-name', 'tests/fixtures.yaml', lambda v: 'username: alice\npassword: alice2024\n')
sample('trivial-ado-localhost', 'appsettings.Development.json',
       lambda v: '"Default": "Server=localhost;Database=Shop;User Id=sa;Password=Passw0rd!;"\n')
sample('trivial-jdbc-localhost', 'application-dev.properties',
       lambda v: 'spring.datasource.url=jdbc:postgresql://localhost:5432/shop?user=shop&password=shop\n')
sample('trivial-short', 'config/dev.yaml', lambda v: 'password: abc\n')
sample('pem-no-body', 'docs/keys.md', lambda v: '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n')
sample('trivial-test-host', 'tests/test_db.py', lambda v: 'dsn = "postgresql://shop:secret@db.test/shop"\n')

# ---------------------------------------------------------------------------------------------
# Not secrets: references, templates, hashes, ids, public keys, unsigned tokens, code.
# ---------------------------------------------------------------------------------------------

not_secret('ref-os-environ', 'app/settings.py', lambda v: 'DB_PASSWORD = os.environ["DB_PASSWORD"]\n')
not_secret('ref-getenv', 'app/settings.py', lambda v: 'API_KEY = os.getenv("API_KEY")\n')
not_secret('ref-shell-var', 'config/app.yaml', lambda v: 'password: ${DB_PASSWORD}\n')
not_secret('ref-shell-default', 'docker-compose.yml', lambda v: '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-}\n')
not_secret('ref-helm', 'templates/secret.yaml', lambda v: '  password: {{ .Values.db.password | b64enc }}\n')
not_secret('ref-settings', 'app/db.py', lambda v: 'engine = connect(password=settings.DB_PASSWORD)\n')
not_secret('ref-process-env', 'src/config.js', lambda v: 'const apiKey = process.env.API_KEY;\n')
not_secret('ref-gha-secrets', '.github/workflows/ci.yml', lambda v: '      API_TOKEN: ${{ secrets.API_TOKEN }}\n')
not_secret('ref-erb', 'config/database.yml', lambda v: "  password: <%= ENV['DB_PASSWORD'] %>\n")
not_secret('ref-ruby-interp', 'config/app.rb', lambda v: 'password = "#{ENV.fetch(\'DB_PASSWORD\')}"\n')
not_secret('ref-format', 'app/db.py', lambda v: 'url = "postgresql://{user}:{password}@{host}/{db}".format(**cfg)\n')
not_secret('ref-fstring-url', 'app/db.py', lambda v: 'url = f"postgresql://{user}:{password}@{host}/{db}"\n')
not_secret('ref-url-env', '.env', lambda v: 'DATABASE_URL=postgresql://${DB_USER}:${DB_PASS}@${DB_HOST}/app\n')
not_secret('ref-curl-vars', 'ci/call.sh', lambda v: 'curl -u "$API_USER:$API_TOKEN" https://api.shop.io\n')
not_secret('ref-bearer-var', 'ci/call.sh', lambda v: 'curl -H "Authorization: Bearer $TOKEN" https://api.shop.io\n')
not_secret('ref-cmd-subst', 'ci/call.sh', lambda v: 'export DB_PASSWORD=$(cat /run/secrets/db_password)\n')
not_secret('ref-powershell-env', 'deploy/setup.ps1', lambda v: '$password = $env:DB_PASSWORD\n')
not_secret('ref-go-getenv', 'main.go', lambda v: '\tpassword := os.Getenv("DB_PASSWORD")\n')
not_secret('ref-java-getenv', 'Db.java', lambda v: '    String password = System.getenv("DB_PASSWORD");\n')
not_secret('ref-csharp-config', 'Startup.cs', lambda v: 'var password = Configuration["Db:Password"];\n')
not_secret('ref-file-path', 'config/app.yaml', lambda v: 'password_file: /run/secrets/db_password\n')
not_secret('ref-secret-path', 'config/app.yaml', lambda v: 'secret: /var/run/secrets/tokens/api\n')
not_secret('ref-k8s-secretkeyref', 'k8s/deploy.yaml',
           lambda v: '          valueFrom:\n            secretKeyRef:\n              name: db\n              key: password\n')
not_secret('ref-spring-placeholder', 'application.properties', lambda v: 'spring.datasource.password=${DB_PASSWORD}\n')
not_secret('ref-tf-var', 'main.tf', lambda v: '  password = var.db_password\n')
not_secret('ref-function-call', 'app/users.py', lambda v: 'password = generate_password(length=16)\n')
not_secret('code-compare', 'app/users.py', lambda v: 'if password != confirm_password:\n    raise ValueError\n')
not_secret('code-signature', 'app/users.py', lambda v: 'def check_password(self, password: str) -> bool:\n')
not_secret('code-header-get', 'app/api.py', lambda v: 'token = request.headers.get("X-Api-Key")\n')
not_secret('code-form-field', 'app/forms.py', lambda v: 'password = forms.CharField(widget=forms.PasswordInput)\n')
not_secret('code-constants', 'app/security.py', lambda v: 'ACCESS_TOKEN_EXPIRE_MINUTES = 30\nPASSWORD_MIN_LENGTH = 12\n')
not_secret('code-token-type', 'app/auth.py', lambda v: 'return {"access_token": access_token, "token_type": "bearer"}\n')
not_secret('code-grant-type', 'docs/oauth.md', lambda v: 'grant_type=password&username=alice&scope=read\n')
not_secret('code-password-stdin', 'ci/push.sh', lambda v: 'echo "$CR_PAT" | docker login ghcr.io -u bot --password-stdin\n')
not_secret('code-secret-name', 'app/aws.py', lambda v: 'secret_name = "prod/shop/db-password"\n')
not_secret('code-arn', 'app/aws.py',
           lambda v: 'SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"\n')
not_secret('code-prose', 'docs/security.md',
           lambda v: 'Never commit your password or API token; store them in the vault instead.\n')
not_secret('url-no-userinfo', 'app/settings.py', lambda v: 'DATABASE_URL = "postgresql://pg.shop.internal:5432/orders"\n')
not_secret('url-user-only', 'app/settings.py', lambda v: 'DATABASE_URL = "postgresql://app@pg.shop.internal:5432/orders"\n')
not_secret('url-empty-password', '.env', lambda v: 'DATABASE_URL=postgresql://app:@pg.shop.internal:5432/orders\n')
not_secret('empty-password', 'config/app.yaml', lambda v: 'password: ""\n')
not_secret('username-only', 'config/app.yaml', lambda v: 'username: deploy\n')
not_secret('hash-sha256', 'requirements.txt', lambda v: f'requests==2.32.3 --hash=sha256:{v.hex(64)}\n')
not_secret('hash-checksum', 'downloads.yaml', lambda v: f'checksum: sha256:{v.hex(64)}\n')
not_secret('hash-git-sha', '.pre-commit-config.yaml', lambda v: f'  - repo: https://github.com/x/y\n    rev: {v.hex(40)}\n')
not_secret('hash-commit', 'build.json', lambda v: f'{{"commit": "{v.hex(40)}", "branch": "main"}}\n')
not_secret('hash-integrity', 'index.html',
           lambda v: f'<script src="/app.js" integrity="sha384-{v.b64(48)}" crossorigin="anonymous"></script>\n')
not_secret('hash-bcrypt', 'fixtures/users.json',
           lambda v: '{"email": "a@shop.io", "hashed_password": "$2b$12$' + v.s(ALNUM + './', 53) + '"}\n')
not_secret('hash-etag', 'docs/http.txt', lambda v: f'ETag: "{v.hex(32)}"\n')
not_secret('uuid-id', 'fixtures/orders.json', lambda v: f'{{"id": "{v.uuid()}", "status": "paid"}}\n')
not_secret('uuid-request-id', 'docs/http.txt', lambda v: f'X-Request-Id: {v.uuid()}\n')
not_secret('public-key-pem', 'keys/jwt.pub',
           lambda v: '-----BEGIN PUBLIC KEY-----\n' + v.pem_body(6) + '\n-----END PUBLIC KEY-----\n')
not_secret('public-cert', 'certs/ca.crt',
           lambda v: '-----BEGIN CERTIFICATE-----\n' + v.pem_body(6) + '\n-----END CERTIFICATE-----\n')
not_secret('public-ssh', 'deploy/authorized_keys',
           lambda v: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA' + v.s(ALNUM + '+/', 43) + ' deploy@ci\n')
not_secret('public-key-slot', 'config/app.yaml', lambda v: f'public_key: {v.b64(32)}\n')
not_secret('public-stripe-publishable', 'src/checkout.js', lambda v: f"const stripe = Stripe('pk_live_{v.tok(24)}');\n")
not_secret('public-jwk', 'jwks.json',
           lambda v: f'{{"kty": "RSA", "kid": "{v.hex(16)}", "e": "AQAB", "n": "{v.s(B64URL, 342)}"}}\n')
not_secret('jwt-alg-none', 'tests/test_jwt.py', lambda v: f'UNSIGNED = "{v.jwt("none")}"\n')
not_secret('jwt-shaped-garbage', 'docs/notes.md', lambda v: f'eyJ{v.tok(30)}.{v.tok(40)}.{v.tok(43)}\n')
not_secret('csrf-token', 'templates/form.html',
           lambda v: f'<input type="hidden" name="csrf_token" value="{v.tok(40)}">\n')
not_secret('password-length-setting', 'config/app.yaml', lambda v: 'password_min_length: 12\npassword_policy: strict\n')
not_secret('image-digest', 'k8s/deploy.yaml', lambda v: f'        image: shop/api@sha256:{v.hex(64)}\n')

not_secret('ref-define-getenv', 'wp-config.php', lambda v: "define( 'DB_PASSWORD', getenv('DB_PASSWORD') );\n")
not_secret('ref-setpassword-var', 'Db.java', lambda v: '    ds.setPassword(password);\n')
not_secret('ref-drivermanager-vars', 'Db.java', lambda v: 'Connection c = DriverManager.getConnection(url, user, password);\n')
not_secret('ref-mysql-prompt', 'README.md', lambda v: 'mysql -u root -p -h db.shop.io shop\n')
not_secret('ref-password-flag-var', 'ci/deploy.sh', lambda v: 'cli deploy --user ops --password "$DEPLOY_PASSWORD" --env prod\n')
not_secret('ref-password-file-flag', 'ci/deploy.sh', lambda v: 'cli deploy --password-file /run/secrets/deploy --env prod\n')
not_secret('ref-docker-login-var', 'ci/push.sh', lambda v: 'docker login -u ci-bot -p "$REGISTRY_PASSWORD" registry.shop.io\n')
not_secret('ref-dockerfile-env-var', 'Dockerfile', lambda v: 'ENV API_TOKEN ${API_TOKEN}\n')
not_secret('ref-xml-element-var', 'settings.xml', lambda v: '  <password>${env.DEPLOY_PASSWORD}</password>\n')
not_secret('empty-xml-element', 'settings.xml', lambda v: '  <password></password>\n')
not_secret('ref-httpie-var', 'README.md', lambda v: 'http -a "$USER:$PASS" https://api.shop.io/v1/me\n')
not_secret('ref-securestring-var', 'deploy/setup.ps1', lambda v: '$secure = ConvertTo-SecureString $plain -AsPlainText -Force\n')
not_secret('ref-pgpassword-var', 'deploy/backup.sh', lambda v: 'PGPASSWORD=$DB_PASS pg_dump -h pg.shop.internal orders\n')
not_secret('ref-wget-var', 'scripts/fetch.sh', lambda v: 'wget --user=mirror --password="$MIRROR_PW" https://files.shop.io/x\n')
not_secret('ref-setitem-var', 'src/auth.js', lambda v: "localStorage.setItem('authToken', response.data.token);\n")
not_secret('code-argparse', 'cli.py', lambda v: 'parser.add_argument("--password", help="the database password")\n')
sample('ph-xml-element', 'settings.xml', lambda v: '  <password>changeme</password>\n')
sample('ph-password-flag-metavar', 'docs/cli.md', lambda v: 'cli deploy --user USER --password PASSWORD\n')
sample('ph-token-flag-markup', 'docs/cli.md', lambda v: 'release-cli publish --api-token <token>\n')
sample('trivial-mysql-localhost', 'README.md', lambda v: 'mysql -h 127.0.0.1 -u root -proot shop\n')
sample('trivial-docker-login-localhost', 'README.md', lambda v: 'docker login -u admin -p admin localhost:5000\n')
sample('trivial-define-no-host', 'wp-config-sample.php', lambda v: "define( 'DB_PASSWORD', 'password_here' );\n")


def _jwt_signed_with(key: str, v: V) -> str:
    def part(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b'=').decode()
    signing_input = part({'alg': 'HS256', 'typ': 'JWT'}) + '.' + part({'sub': str(v.r.randrange(10**6)), 'admin': True})
    mac = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return 'Authorization: Bearer ' + signing_input + '.' + base64.urlsafe_b64encode(mac).rstrip(b'=').decode() + '\n'
not_secret('xml-template-element', 'settings.xml', lambda v: '  <token>{{ registry_token }}</token>\n')
not_secret('xml-flag-element', 'config.xml', lambda v: '  <requireSecret>true</requireSecret>\n')
not_secret('xml-policy-element', 'config.xml', lambda v: '  <passwordPolicy>strict-length-twelve</passwordPolicy>\n')
not_secret('define-non-secret', 'wp-config.php', lambda v: "define( 'DB_HOST', 'db.shop.io' );\n")
not_secret('setitem-non-secret', 'src/ui.js', lambda v: "localStorage.setItem('theme', 'dark-high-contrast');\n")
not_secret('props-put-flag', 'Main.java', lambda v: 'props.put("mail.smtp.auth", "true");\n')
not_secret('setter-hash', 'User.java', lambda v: f'user.setPasswordHash("$2b$12${v.s(ALNUM, 53)}");\n')
not_secret('setter-call', 'Db.java', lambda v: 'ds.setPassword(config.getPassword());\n')
not_secret('flag-expiry', 'ci/deploy.sh', lambda v: 'cli login --token-expiry 3600 --user ops\n')
not_secret('flag-no-password', 'ci/deploy.sh', lambda v: 'cli init --no-password --force\n')
not_secret('flag-secret-name', 'ci/deploy.sh', lambda v: 'aws secretsmanager get-secret-value --secret-id prod/shop/db\n')
not_secret('flag-empty', 'ci/deploy.sh', lambda v: 'cli deploy --password= --env prod\n')
not_secret('docker-env-plain', 'Dockerfile', lambda v: 'ENV NODE_ENV production\nENV PASSWORD_MIN_LENGTH 12\nARG API_TOKEN\n')
not_secret('docker-env-empty', 'Dockerfile', lambda v: 'ENV API_TOKEN=""\n')
not_secret('mysql-p-var', 'deploy/backup.sh', lambda v: 'mysqldump -h 10.4.0.9 -u backup -p"$MYSQL_PWD" sales > sales.sql\n')
not_secret('url-plain-clone', 'README.md', lambda v: 'git clone https://github.com/shop/app.git\n')
not_secret('url-template-userinfo', 'ci/mirror.sh', lambda v: 'git push https://ci:${GITLAB_TOKEN}@gitlab.com/shop/app.git\n')
not_secret('url-query-template', 'docs/api.md', lambda v: 'GET https://api.weather.io/v2/forecast?q=paris&api_key={API_KEY}\n')
not_secret('setenv-var', 'main_test.go', lambda v: '\tos.Setenv("API_TOKEN", token)\n')
not_secret('redis-cli-no-auth', 'README.md', lambda v: 'redis-cli -h cache.shop.io -a "$REDIS_PASSWORD" ping\n')
not_secret('code-identifier-hvs', 'src/view.js', lambda v: 'const width = layout.hvs.horizontalScrollbarWidthPx;\n')
sample('trivial-pgpassword-localhost', 'README.md', lambda v: 'PGPASSWORD=postgres psql -h localhost -U postgres\n')
sample('trivial-httpie', 'README.md', lambda v: 'http -a admin:admin http://localhost:8000/api/users\n')
sample('ph-flag-markup', 'docs/cli.md', lambda v: 'cli deploy --password <password> --env prod\n')
sample('trivial-keytool-changeit', 'docs/tls.md',
       lambda v: 'keytool -importcert -keystore cacerts -storepass changeit -file ca.crt\n')

sample('url-optional-markup', 'docs/transports.rst', lambda v: '    sentinel://[USER:PASSWORD@]SENTINEL_ADDRESS[:PORT]\n')


# Known gaps (case id -> why): strict xfails, so a case that starts passing must be moved out.
GAPS: dict[str, str] = {
    'prose-mailgun': '`key-` + 32 hex is also how caches and fixtures name entries: no format of its own',
}


def findings(filename: str, text: str) -> list[str]:
    """The types reported in `text` read as `filename` (types only: a failure prints no value)."""
    with scan.Scanner(Config()) as scanner:
        return sorted(f.type for f in scanner.scan_text(filename, text))


def _params() -> list[object]:
    return [
        pytest.param(c, id=f'{c.label}-{c.id}',
                     marks=[pytest.mark.xfail(strict=True, reason=GAPS[c.id])] if c.id in GAPS else [])
        for c in CASES
    ]


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize('case', _params())
def test_probe(case: Case) -> None:
    text = case.make(V(case.id))
    types = findings(case.filename, text)
    if case.label == 'secret':
        assert types, 'missed'
    else:
        assert types == [], case.label


def test_added_plugins_never_retype_a_finding() -> None:
    """The credential-slot and prefixed-token plugins rank after every other (entropy included):
    where another plugin reports the same value, that finding (and its baseline entry) stays."""
    from detect_secrets.core.potential_secret import PotentialSecret

    from hooks import detectors
    from hooks.scan.scanner import _rank
    from hooks.scan.scanner import _specific_first

    def finding(kind: str) -> PotentialSecret:
        return PotentialSecret(type=kind, filename='x', secret='s3cr3t-value-' + 'x7Q', line_number=1)

    others = [t for t in detectors.SECRET_TYPES - detectors.LAST_RESORT_TYPES] + [
        'Secret Keyword', 'Basic Auth Credentials', 'Base64 High Entropy String', 'Hex High Entropy String']
    for last in detectors.LAST_RESORT_TYPES:
        assert all(_rank(finding(last)) > _rank(finding(other)) for other in others)
        kept = _specific_first([finding(last), finding('Base64 High Entropy String')])
        assert [f.type for f in kept] == ['Base64 High Entropy String']
