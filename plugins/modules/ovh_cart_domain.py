#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_cart_domain
short_description: Put a domain name in an OVHcloud order cart, or take it out
version_added: 0.1.0
description:
  - Makes sure an OVHcloud cart holds exactly one item for a domain name, with the requested
    duration and pricing mode, or none with O(state=absent).
  - Before adding anything, it reads the offer for the name in that cart and fails, without any
    change, when the name cannot be ordered, when the offer is premium or aftermarket and
    O(allow_premium) is not set, or when the duration, action or pricing mode is not offered.
  - An item for the same name with the same duration and pricing mode is left alone. An item with
    another duration or pricing mode is replaced (deleted, then added again), and extra items for
    the same name are removed, so the name is never ordered twice.
  - Adding a name to a cart orders nothing; M(ovhcloud.order.ovh_checkout) does.
author:
  - ovhcloud.order contributors (@ovhcloud-order)
extends_documentation_fragment:
  - ovhcloud.order.ovh
  - ovhcloud.order.ovh.attributes
attributes:
  check_mode:
    description: Can run in check mode and then reports what it would change, without changing it.
    support: full
    details:
      - In check mode the offer is read and checked as in a real run, nothing is added or removed,
        and a new item is returned with RV(item.item_id=null) and the offer's prices.
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: full
options:
  cart_id:
    description:
      - The cart, as returned by M(ovhcloud.order.ovh_cart) in RV(ovhcloud.order.ovh_cart#module:cart.cart_id).
      - To order, the cart must be assigned to the account (the default of M(ovhcloud.order.ovh_cart)).
    type: str
    required: true
  domain:
    description:
      - The domain name, such as V(example.com). It is normalised to lower case ASCII (punycode)
        without a trailing dot.
    type: str
    required: true
  duration:
    description:
      - The registration (or transfer renewal) period, V(P1Y) to V(P10Y). It must be among the
        durations of the offer.
    type: str
    default: P1Y
  action:
    description:
      - V(create) to register a free name, V(transfer) to bring in a name registered elsewhere.
      - By default, the action of the offer.
    type: str
    choices: [create, transfer]
  pricing_mode:
    description:
      - The pricing mode to order with, such as V(create-default) or V(transfer-default).
      - By default, the pricing mode of the only orderable offer (the module fails when there are several).
    type: str
  allow_premium:
    description:
      - Allow ordering a name whose offer is premium or on an aftermarket (any pricing mode other
        than V(create-default) and V(transfer-default)), whose price can be much higher than usual.
      - When V(false), such a name fails before anything is added, with its price in the message.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the cart holds one item for the name; V(absent) removes every item for it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: ovhcloud.order.ovh_domain_offer_info
  - module: ovhcloud.order.ovh_cart_config
'''

EXAMPLES = r'''
- name: Put example.com in a cart for two years
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Find or create the cart
      ovhcloud.order.ovh_cart:
        description: "order example.com"
      register: order_cart

    - name: Add the domain name
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ order_cart.cart.cart_id }}"
        domain: example.com
        duration: P2Y
      register: order_item

    - name: Transfer a name from another registrar
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ order_cart.cart.cart_id }}"
        domain: example.net
        action: transfer

    - name: Take a name out of the cart
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ order_cart.cart.cart_id }}"
        domain: example.net
        state: absent
'''

RETURN = r'''
item:
  description:
    - The cart item for the name after the change (in check mode, the predicted item).
    - V(null) after O(state=absent).
  returned: always
  type: dict
  contains:
    item_id:
      description: The item identifier; V(null) in check mode when the item would be added.
      type: int
      sample: 123456789
    domain:
      description: The domain name.
      type: str
      sample: example.com
    duration:
      description: The period ordered.
      type: str
      sample: P1Y
    action:
      description: V(create) or V(transfer).
      type: str
      sample: create
    pricing_mode:
      description: The pricing mode of the item.
      type: str
      sample: create-default
    plan_code:
      description: The plan code of the item (the extension).
      type: str
      sample: com
    prices:
      description: The item's price lines by label (V(PRICE), V(RENEW), V(DISCOUNT), V(FEE), V(TOTAL)), each with its value, currency and text.
      type: dict
      sample:
        PRICE: {value: 9.99, currency: EUR, text: "9.99 €"}
        TOTAL: {value: 9.99, currency: EUR, text: "9.99 €"}
    configurations:
      description: The identifiers of the item's configurations.
      type: list
      elements: int
      sample: []
removed:
  description: The identifiers of the items removed (or that would be removed in check mode), replaced ones included.
  returned: always
  type: list
  elements: int
  sample: []
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 5
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import normalize_domain, plan_code_for, validate_duration
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule


def view(item):
    if item is None:
        return None
    return {key: item.get(key) for key in ('item_id', 'domain', 'duration', 'action', 'pricing_mode')}


class OvhCartDomain(OvhModule):
    argument_spec = {
        'cart_id': {'type': 'str', 'required': True},
        'domain': {'type': 'str', 'required': True},
        'duration': {'type': 'str', 'default': 'P1Y'},
        'action': {'type': 'str', 'choices': ['create', 'transfer']},
        'pricing_mode': {'type': 'str'},
        'allow_premium': {'type': 'bool', 'default': False},
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
    }

    domain = None
    duration = None

    def validate(self):
        try:
            self.domain = normalize_domain(self.params['domain'])
            self.duration = validate_duration(self.params['duration'])
        except ValueError as exc:
            self.fail(str(exc))

    def run(self):
        cart_id = self.params['cart_id']
        with self.step('read cart %s' % cart_id):
            cart = cart_utils.get_cart(self.client, cart_id)
        if cart is None:
            self.fail('cart_id %s: there is no such cart (it may have expired)' % cart_id)
        with self.step('read the items of cart %s' % cart_id):
            items = [cart_utils.normalize_item(item) for item in cart_utils.get_items(self.client, cart_id)]
        mine = [item for item in items if item['domain'] == self.domain]
        if self.params['state'] == 'absent':
            return self.remove(cart, mine, keep=None)
        if cart.get('readOnly'):
            match = next((item for item in mine if self.matches(item, self.params['pricing_mode'])), None)
            if match is None:
                self.fail('Cart %s is read-only (already checked out): cannot add %s to it' % (cart_id, self.domain))
            return {'item': match, 'removed': []}
        offer = self.choose_offer(cart_id)
        keep = next((item for item in mine if self.matches(item, offer['pricing_mode'])), None)
        result = self.remove(cart, [item for item in mine if item is not keep], keep=keep)
        if keep is not None:
            return dict(result, item=keep)
        body = {'domain': self.domain, 'duration': self.duration, 'planCode': plan_code_for(self.domain),
                'pricingMode': offer['pricing_mode'], 'quantity': 1}
        if self.check_mode:
            item = {'item_id': None, 'domain': self.domain, 'duration': self.duration, 'action': offer['action'] or cart_utils.action_of(offer['pricing_mode']),
                    'pricing_mode': offer['pricing_mode'], 'plan_code': body['planCode'], 'prices': offer['prices'], 'configurations': []}
        else:
            with self.step('add %s to cart %s' % (self.domain, cart_id)):
                item = cart_utils.normalize_item(self.client.post(api_path('/order/cart/{}/domain', cart_id), body=body))
            item['domain'] = item['domain'] or self.domain
        self.tracker.add('item', view(mine[0]) if mine else None, view(item))
        return dict(result, item=item)

    def matches(self, item, pricing_mode):
        return item['duration'] == self.duration and (not pricing_mode or not item['pricing_mode'] or item['pricing_mode'] == pricing_mode)

    def choose_offer(self, cart_id):
        with self.step('read the offer for %s in cart %s' % (self.domain, cart_id)):
            offers = [cart_utils.normalize_offer(self.domain, raw) for raw in cart_utils.get_offers(self.client, cart_id, self.domain)]
        if not offers:
            self.fail('%s cannot be ordered: OVHcloud makes no offer for it' % self.domain)
        offered = ', '.join(cart_utils.describe_offer(offer) for offer in offers)
        for option in ('action', 'pricing_mode'):
            wanted = self.params[option]
            if wanted is not None:
                offers = [offer for offer in offers if offer[option] == wanted]
                if not offers:
                    self.fail('%s=%s is not offered for %s; offered: %s' % (option, wanted, self.domain, offered))
        orderable = [offer for offer in offers if offer['orderable']]
        if not orderable:
            self.fail('%s is not orderable (offer: %s)' % (self.domain, offered))
        if len(orderable) > 1:
            self.fail('%s has several orderable offers (%s); set pricing_mode to one of %s'
                      % (self.domain, offered, ', '.join(offer['pricing_mode'] for offer in orderable)))
        offer = orderable[0]
        if offer['premium'] and not self.params['allow_premium']:
            kind = 'an aftermarket' if 'aftermarket' in offer['pricing_mode'] else 'a premium'
            self.fail('%s is %s name (pricing mode %s) at %s; set allow_premium=true to order it at that price'
                      % (self.domain, kind, offer['pricing_mode'], cart_utils.format_amount(offer['price'], offer['currency'])))
        if offer['durations'] and self.duration not in offer['durations']:
            self.fail('duration %s is not offered for %s; offered durations: %s' % (self.duration, self.domain, ', '.join(offer['durations'])))
        return offer

    def remove(self, cart, items, keep):
        if items and cart.get('readOnly'):
            self.fail('Cart %s is read-only (already checked out): cannot remove %s from it' % (cart['cartId'], self.domain))
        removed = []
        for item in items:
            if not self.check_mode:
                with self.step('remove item %s (%s) from cart %s' % (item['item_id'], self.domain, cart['cartId'])):
                    try:
                        self.client.delete(api_path('/order/cart/{}/item/{}', cart['cartId'], item['item_id']))
                    except OvhNotFoundError:
                        continue
            removed.append(item['item_id'])
        if keep is None and items:
            self.tracker.add('item', view(items[0]), None)
        if len(items) > (0 if keep is not None else 1):
            extra = items if keep is not None else items[1:]
            self.tracker.add('duplicate_items', [view(item) for item in extra], [])
        return {'item': keep, 'removed': removed}


def main():
    OvhCartDomain.execute()


if __name__ == '__main__':
    main()
