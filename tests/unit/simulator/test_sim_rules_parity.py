# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator enforces one set of eligibility rules: for the same owner and data,
POST /domain/configurationRule/check refuses exactly the fields the checkout (dry run) refuses."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhBadRequestError

PARIS = {'legalForm': 'individual', 'firstName': 'P', 'lastName': 'M', 'email': 'p@example.org',
         'address': {'line1': '1 rue', 'city': 'Paris', 'zip': '75001', 'country': 'FR'}}
BERLIN = dict(PARIS, address={'line1': 'Torstrasse 1', 'city': 'Berlin', 'zip': '10115', 'country': 'DE'})
NEW_YORK = dict(PARIS, address={'line1': '1 Main St', 'city': 'New York', 'zip': '10001', 'country': 'US'})
COMPANY_WITHOUT_NAME = {'legalForm': 'corporation', 'email': 'c@example.org',
                        'address': {'line1': '1 rue', 'city': 'Paris', 'zip': '75001', 'country': 'FR'}}


def refused_fields(call):
    try:
        call()
    except OvhBadRequestError as exc:
        return sorted(key for key in (exc.details or {}) if not key.startswith('_'))
    return []


@pytest.mark.parametrize('domain, owner, accept', [
    ('parity-one.berlin', PARIS, True), ('parity-two.berlin', BERLIN, True), ('parity-three.berlin', BERLIN, False),
    ('parity-four.eu', NEW_YORK, None), ('parity-five.eu', PARIS, None), ('parity-six.com', COMPANY_WITHOUT_NAME, None),
])
def test_the_rules_check_and_the_checkout_refuse_the_same_fields(sim, domain, owner, accept):
    client = sim.api_client()
    labels = {'ACCEPT_CONDITIONS': 'true' if accept else 'false'} if accept is not None else {}
    body = {'owner': owner}
    if accept is not None:
        body['extras'] = {'acceptCondition': accept}
    by_rules = refused_fields(lambda: client.post('/domain/configurationRule/check', query={'action': 'create', 'domain': domain}, body=body))

    contact = client.post('/domain/contact', body=owner)
    cart_id = client.post('/order/cart', body={'ovhSubsidiary': 'FR'})['cartId']
    client.post(api_path('/order/cart/{}/assign', cart_id))
    item = client.post(api_path('/order/cart/{}/domain', cart_id), body={'domain': domain, 'duration': 'P1Y'})
    configure = dict(labels, OWNER_LEGAL_AGE='true', OWNER_CONTACT='/domain/contact/%d' % contact['id'])
    for label, value in configure.items():
        client.post(api_path('/order/cart/{}/item/{}/configuration', cart_id, item['itemId']), body={'label': label, 'value': value})
    by_checkout = refused_fields(lambda: client.get(api_path('/order/cart/{}/checkout', cart_id)))
    client.close()
    assert by_rules == by_checkout
    assert (by_rules == []) == (owner is BERLIN and accept is True or owner is PARIS and domain.endswith('.eu'))
