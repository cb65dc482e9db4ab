"""hooks.offline: the CLI never loads a network client, and any verification attempt fails."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = '''
import sys
from hooks import offline
offline.install()
from hooks.cli import main
code = main(["scan", "--no-baseline", sys.argv[1]])
import requests
from detect_secrets.plugins.stripe import StripeDetector
try:
    StripeDetector().verify("sk_live_" + "0" * 24)
except requests.exceptions.RequestException:
    print("verification refused")
print("urllib3 loaded" if "urllib3" in sys.modules else "no network client", code)
'''


def test_cli_scan_loads_no_network_client_and_refuses_verification(tmp_path):
    target = tmp_path / 'app.py'
    target.write_text('x = 1\n')
    result = subprocess.run(
        [sys.executable, '-c', PROBE, str(target)], capture_output=True, text=True,
        cwd=tmp_path, env={'PYTHONPATH': str(ROOT), 'PATH': '/usr/bin:/bin'},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split('\n')[:2] == ['verification refused', 'no network client 0']


@pytest.mark.parametrize('verb', ['get', 'post', 'request'])
def test_stand_in_refuses_every_request(verb, monkeypatch):
    import types

    monkeypatch.delitem(sys.modules, 'requests', raising=False)
    monkeypatch.delitem(sys.modules, 'requests.exceptions', raising=False)
    from hooks import offline

    offline.install()
    stand_in = sys.modules['requests']
    assert isinstance(stand_in, types.ModuleType)
    with pytest.raises(stand_in.exceptions.RequestException, match='offline'):
        getattr(stand_in, verb)('https://api.stripe.com')
