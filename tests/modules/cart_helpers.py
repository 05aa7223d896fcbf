# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Carts prepared with direct API calls, so that a module's tests depend on that module alone."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path


def prepare_cart(client, *domains, description='checkout unit test') -> str:
    """A cart assigned to the account with each domain added for one year and its required
    yes/no configurations (OWNER_LEGAL_AGE, ACCEPT_CONDITIONS) answered; returns its id."""
    cart_id = client.post('/order/cart', body={'ovhSubsidiary': 'FR', 'description': description})['cartId']
    client.post(api_path('/order/cart/{}/assign', cart_id))
    for domain in domains:
        item = client.post(api_path('/order/cart/{}/domain', cart_id), body={'domain': domain, 'duration': 'P1Y'})
        for entry in client.get(api_path('/order/cart/{}/item/{}/requiredConfiguration', cart_id, item['itemId'])):
            if entry['required'] and entry['type'] == 'bool':
                client.post(api_path('/order/cart/{}/item/{}/configuration', cart_id, item['itemId']), body={'label': entry['label'], 'value': 'true'})
    return cart_id
