# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client against the collection's OVH API simulator (tests/simulator): signatures and OAuth2 accepted."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import OvhClient, api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._config import resolve_settings
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhAuthError, OvhNotFoundError


def test_signed_calls_are_accepted_by_the_simulator(sim, isolated):
    isolated['environ'] = sim.credentials_env()
    with OvhClient(resolve_settings(**isolated), timeout=30) as client:
        assert isinstance(client.get('/me'), dict)
        cart = client.post('/order/cart', body={'ovhSubsidiary': 'FR', 'description': 'client \u00e9t\u00e9 test'})
        client.post(api_path('/order/cart/{}/assign', cart['cartId']), safe=True)
        assert client.get('/order/cart', query={'description': 'client \u00e9t\u00e9 test'}) == [cart['cartId']]
        with pytest.raises(OvhNotFoundError) as caught:
            client.get(api_path('/order/cart/{}', 'no such cart'))
        assert caught.value.query_id
        assert [c.path for c in client.calls].count('/auth/time') == 1


def test_a_wrong_secret_is_an_auth_error(sim, isolated):
    environ = dict(sim.credentials_env(), OVH_APPLICATION_SECRET='not-the-secret')
    isolated['environ'] = environ
    with OvhClient(resolve_settings(**isolated), timeout=30) as client:
        with pytest.raises(OvhAuthError) as caught:
            client.get('/me')
    assert 'not-the-secret' not in str(caught.value)


def test_oauth2_calls_are_accepted_by_the_simulator(sim, isolated):
    settings = resolve_settings(endpoint=sim.base_url, client_id='sim-client-id', client_secret='sim-client-secret', **isolated)
    assert settings.token_url == sim.root + '/auth/oauth2/token'
    with OvhClient(settings, timeout=30) as client:
        assert isinstance(client.get('/me'), dict)
        assert isinstance(client.get('/order/cart'), list)
        assert [c.kind for c in client.calls] == ['token', 'api', 'api']
