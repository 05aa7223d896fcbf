# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A call the consumer key was not granted (403 NOT_GRANTED_CALL) says which access rule to add: the
documented rule that covers it, else the call itself."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import OvhClient, api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._config import resolve_settings
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhAuthError, access_rule_for, api_error_from_response

NOT_GRANTED = '{"errorCode": "NOT_GRANTED_CALL", "httpCode": "403 Forbidden", "message": "This call has not been granted"}'


@pytest.mark.parametrize('method, path, rule', [
    ('GET', '/me', ('GET', '/me')),
    ('GET', '/me/order?date.from=2026-01-01T00:00:00%2B00:00', ('GET', '/me/order')),
    ('GET', '/me/order/30000001/status', ('GET', '/me/order/*')),
    ('POST', '/me/order/30000001/payWithRegisteredPaymentMean', ('POST', '/me/order/*')),
    ('POST', '/order/cart', ('POST', '/order/cart')),
    ('POST', '/order/cart/6f2a0a4e-93c6/checkout', ('POST', '/order/cart/*')),
    ('DELETE', '/order/cart/6f2a0a4e-93c6/item/1', ('DELETE', '/order/cart/*')),
    ('POST', '/domain/contact', ('POST', '/domain/contact')),
    ('GET', '/domain/contact/50000001', ('GET', '/domain/*')),
    ('POST', '/domain/configurationRule/check?action=create&domain=example.berlin', ('POST', '/domain/configurationRule/check')),
    ('GET', '/me/payment/method/1', ('GET', '/me/payment/method/*')),
    ('PUT', '/domain/example.com/serviceInfos', ('PUT', '/domain/*/serviceInfos')),
    ('POST', '/order/cartServiceOption/domain/example.com', ('POST', '/order/cartServiceOption/domain/*')),
    ('GET', '/me/task/domain?domain=example.com', ('GET', '/me/task/domain')),
    ('PUT', '/domain/contact/50000001', ('PUT', '/domain/contact/50000001')),  # not a documented use: the call itself
])
def test_the_rule_to_add_is_the_documented_one_that_covers_the_call(method, path, rule):
    assert access_rule_for(method, path) == rule


def test_only_not_granted_calls_carry_the_hint():
    error = api_error_from_response('GET', '/me/order/1/status', 403, NOT_GRANTED, query_id='Q1')
    assert str(error) == ('GET /me/order/1/status failed: HTTP 403 NOT_GRANTED_CALL: This call has not been granted; the consumer '
                          'key has no access rule for this call: use one whose accessRules also hold {"method": "GET", "path": '
                          '"/me/order/*"} (the guide "Order your first domain", section "The rights each use needs", lists them '
                          '(renewals: the guide "Renew before it is too late")) (X-Ovh-Queryid: Q1)')
    other = api_error_from_response('GET', '/me', 403, '{"errorCode": "INVALID_CREDENTIAL", "message": "This credential is not valid"}')
    assert other.hint() == '' and 'accessRules' not in str(other)


def test_a_key_without_a_rule_is_told_which_rule_to_add(sim, isolated):
    key = sim.new_consumer_key([{'method': 'GET', 'path': '/me'}, {'method': 'POST', 'path': '/order/cart'}])
    isolated['environ'] = sim.credentials_env(key)
    with OvhClient(resolve_settings(**isolated), timeout=30) as client:
        cart = client.post('/order/cart', body={'ovhSubsidiary': 'FR'})
        with pytest.raises(OvhAuthError) as caught:
            client.post(api_path('/order/cart/{}/assign', cart['cartId']), safe=True)
    error = caught.value
    assert (error.status, error.error_code, error.attempts) == (403, 'NOT_GRANTED_CALL', 1)  # a 403 is not retried
    assert '{"method": "POST", "path": "/order/cart/*"}' in str(error) and key not in str(error)
    assert [(entry['method'], entry['status']) for entry in sim.requests()][-2:] == [('POST', 200), ('POST', 403)]
