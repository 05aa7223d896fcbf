# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""api_path, arguments, transport settings, call records, and the files' independence."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from ansible_collections.ovhcloud.order.plugins.module_utils._client import CallRecord, OvhClient, api_path

MODULE_UTILS = pathlib.Path(__file__).resolve().parents[3] / 'plugins' / 'module_utils'
CLIENT_FILES = ('_version.py', '_errors.py', '_config.py', '_signing.py', '_client.py')


def test_api_path_quotes_each_value_as_one_segment():
    assert api_path('/order/cart/{}', 'abc-123') == '/order/cart/abc-123'
    assert api_path('/order/cart/{}/item/{}/configuration', 'a b/c?d#e', 42) == '/order/cart/a%20b%2Fc%3Fd%23e/item/42/configuration'
    assert api_path('/domain/{}', '\u00e9t\u00e9.fr') == '/domain/%C3%A9t%C3%A9.fr'
    assert api_path('/me') == '/me'
    for bad in ('', '.', '..'):
        with pytest.raises(ValueError):
            api_path('/order/cart/{}', bad)
    with pytest.raises(ValueError):
        api_path('/order/cart/{}/item/{}', 'abc')
    with pytest.raises(ValueError):
        api_path('/order/cart/{}', 'abc', 'extra')


def test_bad_arguments_are_value_errors(make_client, api_server):
    client = make_client()
    with pytest.raises(ValueError):
        client.request('PATCH', '/me')
    with pytest.raises(ValueError):
        client.get('me')
    with pytest.raises(ValueError):
        client.get('https://elsewhere.test/me')
    with pytest.raises(TypeError):
        client.post('/order/cart', body={'when': object()})
    assert api_server.received == []
    for timeout in (0, -1, 'x', (1, 2, 3), True):
        with pytest.raises(ValueError):
            make_client(timeout=timeout)


class RecordingSession:
    def __init__(self):
        self.calls = []

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        response = requests.Response()
        response.status_code = 200
        response.headers = CaseInsensitiveDict({'Content-Type': 'application/json'})
        response._content = b'1700000000' if url.endswith('/auth/time') else b'{}'
        return response

    def close(self):
        pass


@pytest.mark.parametrize('timeout,validate_certs', [(180, True), ((3.05, 27), False), (None, True)])
def test_timeout_and_certificate_settings_reach_requests(make_settings, timeout, validate_certs):
    session = RecordingSession()
    client = OvhClient(make_settings('ovh-eu'), timeout=timeout, validate_certs=validate_certs, session=session)
    client.get('/me')
    for _method, _url, kwargs in session.calls:
        assert kwargs['timeout'] == (timeout or 180) if not isinstance(timeout, tuple) else kwargs['timeout'] == timeout
        assert kwargs['verify'] is validate_certs
        assert kwargs['allow_redirects'] is False
    assert [url for _m, url, _k in session.calls] == ['https://eu.api.ovh.com/1.0/auth/time', 'https://eu.api.ovh.com/1.0/me']


def test_default_timeout_is_180_seconds(make_settings):
    assert OvhClient(make_settings('ovh-eu')).timeout == 180


def test_call_records_and_count(make_client, api_server):
    R = api_server.Reply
    api_server.script('GET', '/1.0/order/cart', R(200, ['a']))
    api_server.script('DELETE', '/1.0/order/cart/a', R(404, {'message': 'gone'}))
    client = make_client()
    client.get('/order/cart', query={'description': 'my cart'})
    with pytest.raises(Exception):
        client.delete('/order/cart/a')
    assert client.call_count == 3 == len(api_server.received)
    assert [(c.method, c.path, c.status, c.kind) for c in client.calls] == [
        ('GET', '/auth/time', 200, 'time'),
        ('GET', '/order/cart?description=my+cart', 200, 'api'),
        ('DELETE', '/order/cart/a', 404, 'api'),
    ]
    assert all(isinstance(c, CallRecord) and c.elapsed >= 0 for c in client.calls)


def test_netrc_credentials_are_never_added(make_client, api_server, tmp_path, monkeypatch):
    netrc = tmp_path / 'netrc'
    netrc.write_text('machine 127.0.0.1 login someone password netrc-password\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    R = api_server.Reply
    api_server.script('POST', '/1.0/order/cart', R(200, {}))
    make_client().post('/order/cart', body={'ovhSubsidiary': 'FR'}, auth=False)
    assert api_server.received[0].header('Authorization') is None


def test_context_manager_closes_the_session(make_settings):
    session = RecordingSession()
    closed = []
    session.close = lambda: closed.append(True)
    with OvhClient(make_settings('ovh-eu'), session=session) as client:
        assert client.get('/me', auth=False) == {}
    assert closed == [True]


def test_files_carry_the_header_and_never_import_ansible_module():
    for name in CLIENT_FILES:
        text = (MODULE_UTILS / name).read_text(encoding='utf-8')
        assert text.startswith('# Copyright (c) 2026, ovhcloud.order contributors\n'
                               '# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)\n'
                               '# SPDX-License-Identifier: GPL-3.0-or-later\n'), name
        assert 'from __future__ import annotations' in text, name
        assert 'AnsibleModule' not in text and 'ansible.module_utils.basic' not in text, name
        assert text.isascii(), name
        assert max(len(line) for line in text.splitlines()) <= 160, name


def test_the_files_import_without_requests_and_without_ansible(collections_path):
    """What ansible-test's import sanity test does: no third-party package is available."""
    script = textwrap.dedent('''
        import sys
        sys.path.insert(0, %r)
        sys.modules['requests'] = None
        import ansible_collections.ovhcloud.order.plugins.module_utils._client as client
        import ansible_collections.ovhcloud.order.plugins.module_utils._config as config
        import ansible_collections.ovhcloud.order.plugins.module_utils._errors as errors
        import ansible_collections.ovhcloud.order.plugins.module_utils._signing as signing
        assert client.HAS_REQUESTS is False
        assert 'ImportError' in client.REQUESTS_IMPORT_ERROR or 'ModuleNotFoundError' in client.REQUESTS_IMPORT_ERROR
        assert not any(name == 'ansible' or name.startswith('ansible.') for name in sys.modules), sorted(sys.modules)
        settings = config.resolve_settings(endpoint='ovh-eu', application_key='a', application_secret='b', consumer_key='c', environ={},
                                           home='/nonexistent', cwd='/nonexistent', system_config_file='/nonexistent')
        try:
            client.OvhClient(settings)
        except ImportError as exc:
            print('refused:', exc)
    ''') % str(collections_path)
    result = subprocess.run([sys.executable, '-I', '-c', script], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert 'refused: the requests Python library is required' in result.stdout
