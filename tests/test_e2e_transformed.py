"""End to end through real pre-commit: YAML with block scalars (compose files, GitHub workflows)
and UTF-16 text are scanned, and their secrets are reported at their own lines."""
from __future__ import annotations

import random
import string


def token(rng: random.Random, n: int = 20) -> str:
    return ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def test_block_scalar_yaml_is_blocked_at_the_right_lines(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['scan-secrets'])
    aws = 'AKIA' + token(rng, 16).upper()
    redis_pw = token(rng, 18)
    later = token(rng, 18)
    repo.write('docker-compose.yml', (
        'services:\n'                                   # 1
        '  worker:\n'                                   # 2
        '    image: app:latest\n'                       # 3
        '    command: >\n'                              # 4
        '      celery -A app.worker worker\n'           # 5
        '      --loglevel=info\n'                       # 6
        '      --concurrency=4\n'                       # 7
        '    environment:\n'                            # 8
        f'      AWS_ACCESS_KEY_ID: {aws}\n'             # 9
        f'      CELERY_BROKER_URL: redis://:{redis_pw}@cache:6379/0\n'  # 10
    ))
    repo.write('a.yaml', f'a:\n  b: |\n    x\n    y\n  password: {later}\n')
    repo.write('sample.yaml', 'a:\n  b: |\n    x\n    y\n  password: hunter2\n')  # the example
    repo.write('.github/workflows/ci.yml', (
        'name: ci\n'                                    # 1
        'on: [push]\n'                                  # 2
        'jobs:\n'                                       # 3
        '  test:\n'                                     # 4
        '    runs-on: ubuntu-latest\n'                  # 5
        '    steps:\n'                                  # 6
        '      - run: |\n'                              # 7
        '          pip install -e .\n'                  # 8
        '          pytest -q\n'                         # 9
        '      - run: |\n'                              # 10
        '          echo done\n'                         # 11
        '        env:\n'                                # 12
        f'          DATABASE_URL: postgresql://app:{later}x@db:5432/app\n'  # 13  # pragma: allowlist secret
    ))
    repo.git('add', '-A')

    result = repo.run('run', '--all-files')
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert 'internal error' not in out and 'Traceback' not in out
    reported = sorted(line.split(': ')[0] for line in out.splitlines() if line.endswith(']'))
    assert reported == [
        '.github/workflows/ci.yml:13',
        'a.yaml:5',
        'docker-compose.yml:10',
        'docker-compose.yml:9',
    ], out
    for value in (aws, redis_pw, later):
        assert value not in out


def test_utf16_file_written_by_powershell_is_blocked(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['scan-secrets'])
    password = token(rng, 18)
    text = f'# exported settings\r\nDATABASE_URL=postgresql://app:{password}@db:5432/app\r\n'
    (repo.path / 'settings.env.txt').write_bytes(text.encode('utf-16-le'))  # no BOM, as PowerShell 5
    repo.git('add', '-A')
    result = repo.run('run', '--all-files')
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert 'settings.env.txt:2: Database URL Credentials:' in out
    assert password not in out


def test_a_nested_file_named_like_the_baseline_is_scanned(pre_commit_repo, rng):
    repo = pre_commit_repo
    repo.configure(['scan-secrets'])
    password = token(rng, 18)
    repo.write('deploy/baseline.secrets', f'{{"url": "postgresql://app:{password}@db:5432/app"}}\n')
    repo.git('add', '-A')
    result = repo.run('run', '--all-files')
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert 'deploy/baseline.secrets:1: Database URL Credentials:' in out
    assert password not in out
