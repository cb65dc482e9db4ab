"""End to end: check-secret-fallbacks and check-env-files through real git and pre-commit."""
from __future__ import annotations

HOOKS = ['check-secret-fallbacks', 'check-env-files']


def _planted(rng, repo) -> list[str]:
    """A FastAPI-style backend with hard-coded fallbacks (fresh values) next to correct code."""
    in_settings, in_secretstr, in_field, in_env = (rng.token_urlsafe(24) for _ in range(4))
    repo.write('backend/app/core/config.py', (
        'import os\n'                                                                    # 1
        'import secrets\n'                                                               # 2
        '\n'                                                                             # 3
        'from pydantic import Field, SecretStr\n'                                        # 4
        'from pydantic_settings import BaseSettings\n'                                   # 5
        '\n'                                                                             # 6
        'JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "dev-jwt-secret-2024")\n'          # 7
        'DB_PASSWORD = os.environ["POSTGRES_PASSWORD"]\n'                                # 8
        '\n'                                                                             # 9
        '\n'                                                                             # 10
        'class Settings(BaseSettings):\n'                                                # 11
        '    project_name: str = "demo"\n'                                               # 12
        f'    jwt_secret_key: str = "{in_settings}"\n'                            # 13
        f'    api_credentials_secret_key: SecretStr = SecretStr("{in_secretstr}")\n'  # 14
        f'    redis_password: str = Field(default="{in_field}")\n'                # 15
        '    refresh_secret_key: str = Field(default_factory=lambda: secrets.token_urlsafe(32))\n'  # 16
        '    smtp_password: SecretStr | None = None\n'                                   # 17
        '    first_superuser_password: str = "changethis"\n'                             # 18
        '\n'                                                                             # 19
        '\n'                                                                             # 20
        'settings = Settings()\n'                                                        # 21
    ))
    repo.write('compose.yml', (
        'services:\n'                                                                    # 1
        '  backend:\n'                                                                   # 2
        '    image: example/backend\n'                                                   # 3
        '    environment:\n'                                                             # 4
        '      JWT_SECRET_KEY: ${JWT_SECRET_KEY:-devsecret}\n'                           # 5
        '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n'                        # 6
        '      PROJECT_NAME: ${PROJECT_NAME:-demo}\n'                                    # 7
    ))
    repo.write('.env.example', (
        '# Copy to .env and fill in.\n'                                                  # 1
        'PROJECT_NAME=demo\n'                                                            # 2
        f'API_CREDENTIALS_SECRET_KEY={in_env}\n'                                  # 3
        'SECRET_KEY=changethis\n'                                                        # 4
        'POSTGRES_PASSWORD=\n'                                                           # 5
        'DATABASE_URL=postgresql://app:${POSTGRES_PASSWORD}@db:5432/app\n'               # 6
    ))
    repo.write('README.md', 'Run with `JWT_SECRET_KEY=${JWT_SECRET_KEY:-devsecret}`.\n')  # not read
    return [in_settings, in_secretstr, in_field, in_env, 'dev-jwt-secret-2024', 'devsecret']


EXPECTED_FALLBACKS = [
    'backend/app/core/config.py:7: JWT_SECRET_KEY:',
    'backend/app/core/config.py:13: Settings.jwt_secret_key:',
    'backend/app/core/config.py:14: Settings.api_credentials_secret_key:',
    'backend/app/core/config.py:15: Settings.redis_password:',
    'compose.yml:5: JWT_SECRET_KEY:',
]
EXPECTED_ENV = ['.env.example:3: API_CREDENTIALS_SECRET_KEY:']


def _reported(out: str) -> list[str]:
    """The finding lines (`path:line: setting:`) in pre-commit's output, in order."""
    found = []
    for line in out.splitlines():
        head = line.split(': ', 2)
        if len(head) == 3 and head[0].rsplit(':', 1)[-1].isdigit():
            found.append(f'{head[0]}: {head[1]}:')
    return found


def test_both_hooks_fail_at_exactly_the_planted_lines(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(HOOKS)
    values = _planted(rng, repo)
    repo.git('add', '-A')

    result = repo.run('run', '--all-files')
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert _reported(out) == EXPECTED_FALLBACKS + EXPECTED_ENV, out
    for hook_name in ('check for hard-coded fallback secrets', 'check committed env files'):
        assert any(line.startswith(hook_name) and line.endswith('Failed') for line in out.splitlines()), out
    assert '5 hard-coded secret fallbacks in 2 files.' in out
    assert '1 env-file problem in 1 file.' in out
    for value in values:
        assert value not in out


def test_fixed_repository_passes_and_commit_goes_through(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(HOOKS)
    values = _planted(rng, repo)
    for path in ('backend/app/core/config.py', 'compose.yml', '.env.example'):
        target = repo.path / path
        text = target.read_text()
        for value in values:
            text = text.replace(value, 'changethis')
        target.write_text(text)
    repo.git('add', '-A')
    ok = repo.run('run', '--all-files')
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_git_commit_refused_for_a_fallback_and_a_committed_dotenv(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(HOOKS)
    # The file-taking hooks end their entry with `--`: options live in the project's config.
    repo.write('pyproject.toml', '[tool.secret-hooks]\nforbid-dotenv = true\n')
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'config')
    assert repo.run('install').returncode == 0

    value = rng.token_urlsafe(24)
    repo.write('app/settings.py', f'import os\n\nSECRET_KEY = os.environ.get("SECRET_KEY", "{value}")\n')
    repo.write('.env', 'PROJECT_NAME=demo\n')
    repo.write('.env.example', 'SECRET_KEY=\n')
    repo.git('add', '-A')
    commit = repo.git('commit', '-m', 'settings', check=False)
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert _reported(out) == [
        'app/settings.py:3: SECRET_KEY:',
        '.env:1: .env:',
    ], out
    assert value not in out
    assert 'app/settings.py' not in repo.git('log', '--stat').stdout
