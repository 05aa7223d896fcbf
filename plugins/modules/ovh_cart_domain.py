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
  - ovhcloud.order.ovh.timeout
  - ovhcloud.order.ovh.attributes
attributes:
  check_mode:
    description: Can run in check mode and then reports what it would change, without changing it.
    support: full
    details:
      - In check mode the offer is read and checked as in a real run, nothing is added or removed,
        and a new item is returned with RV(item.item_id=null) and the offer's prices.
      - On the cart M(ovhcloud.order.ovh_cart) would create (V(check-mode-planned-cart)), the offers are
        read through a temporary cart (deleted at once) and checked, and the items that would be added are
        returned numbered V(-1), V(-2), ... for M(ovhcloud.order.ovh_cart_config).
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
      - Exactly one of O(domain) and O(domains) is required.
    type: str
  domains:
    description:
      - Several domain names for the same cart, handled in one run - the cart's items and the
        offers are read once (the offers concurrently), every guard is checked before any change, and
        the missing items are added together. The result is in RV(cart_items).
      - Each entry takes the name and, optionally, its own O(domains[].duration), O(domains[].action)
        and O(domains[].pricing_mode); O(duration), O(action) and O(pricing_mode) are their defaults.
    type: list
    elements: dict
    suboptions:
      name:
        description: The domain name.
        type: str
        required: true
      duration:
        description: The period of this domain; O(duration) by default.
        type: str
      action:
        description: V(create) or V(transfer); O(action) by default.
        type: str
        choices: [create, transfer]
      pricing_mode:
        description: The pricing mode of this domain; O(pricing_mode) by default.
        type: str
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
      - V(present) makes sure the cart holds one item for each name; V(absent) removes every item for them.
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

    - name: Put several names in the cart in one task (one module run, offers read concurrently)
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ order_cart.cart.cart_id }}"
        domains:
          - name: example.org
          - name: example.eu
            duration: P3Y
      register: order_items

    - name: Show the new items' identifiers, for ovhcloud.order.ovh_cart_config
      ansible.builtin.debug:
        msg: "{{ order_items.cart_items | map(attribute='item_id') | list }}"
'''

RETURN = r'''
item:
  description:
    - With O(domain), the cart item for the name after the change (in check mode, the predicted item).
    - V(null) after O(state=absent), and with O(domains).
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
      description: The plan code of the item (the public suffix OVHcloud sells the name under, such as V(com) or V(co.uk)).
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
cart_items:
  description:
    - Every cart item of the names, in the order of O(domains) (with O(domain), a list of one), shaped
      like RV(item); empty after O(state=absent).
  returned: always
  type: list
  elements: dict
  sample:
    - {item_id: 123456789, domain: example.com, duration: P1Y, action: create, pricing_mode: create-default, plan_code: com,
       prices: {TOTAL: {value: 10.49, currency: EUR, text: "10.49 €"}}, configurations: []}
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
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import lookalike_warning, normalize_domain, unicode_domain, validate_duration
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule
from ansible_collections.ovhcloud.order.plugins.module_utils._planner import choose_offer


def view(item):
    if item is None:
        return None
    return {key: item.get(key) for key in ('item_id', 'domain', 'duration', 'action', 'pricing_mode')}


class OvhCartDomain(OvhModule):
    argument_spec = {
        'cart_id': {'type': 'str', 'required': True},
        'domain': {'type': 'str'},
        'domains': {'type': 'list', 'elements': 'dict', 'options': {
            'name': {'type': 'str', 'required': True},
            'duration': {'type': 'str'},
            'action': {'type': 'str', 'choices': ['create', 'transfer']},
            'pricing_mode': {'type': 'str'},
        }},
        'duration': {'type': 'str', 'default': 'P1Y'},
        'action': {'type': 'str', 'choices': ['create', 'transfer']},
        'pricing_mode': {'type': 'str'},
        'allow_premium': {'type': 'bool', 'default': False},
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
    }
    module_kwargs = {'mutually_exclusive': [('domain', 'domains')], 'required_one_of': [('domain', 'domains')]}

    requests: list = []

    def validate(self):
        params = self.params
        entries = [{'name': params['domain']}] if params['domain'] is not None else params['domains']
        if not entries:
            self.fail('domains must list at least one domain name')
        requests, seen = [], set()
        try:
            for index, entry in enumerate(entries):
                where = 'domain' if params['domain'] is not None else 'domains[%d].name' % index
                name = normalize_domain(entry['name'], where)
                if lookalike_warning(name, where):
                    self.warn(lookalike_warning(name, where))
                if name in seen:
                    raise ValueError('%s: %s is listed twice' % (where, name))
                seen.add(name)
                duration = validate_duration(params['duration'] if entry.get('duration') is None else entry['duration'],
                                             'duration' if params['domain'] else 'domains[%d].duration' % index)
                requests.append({'name': name, 'unicode': unicode_domain(name), 'duration': duration,
                                 'action': entry.get('action') or params['action'], 'pricing_mode': entry.get('pricing_mode') or params['pricing_mode']})
        except ValueError as exc:
            self.fail(str(exc))
        self.requests = requests

    def run(self):
        cart_id = self.params['cart_id']
        problem = cart_utils.planned_cart_problem(cart_id, self.check_mode)
        if problem:
            self.fail(problem)
        if cart_utils.is_planned_cart(cart_id):
            return self.planned()
        with self.step('read cart %s' % cart_id):
            cart = cart_utils.get_cart(self.client, cart_id)
        if cart is None:
            self.fail('cart_id %s: there is no such cart (it may have expired)' % cart_id)
        with self.step('read the items of cart %s' % cart_id):
            existing = [cart_utils.normalize_item(item) for item in cart_utils.get_items(self.client, cart_id, cart.get('items'))]
        names = [request['name'] for request in self.requests]
        if self.params['state'] == 'absent':
            removed = self.remove(cart, [item for item in existing if item['domain'] in names])
            return self.result({}, removed, {name: (self.first(existing, name), None) for name in names})
        if cart.get('readOnly'):
            return self.read_only(cart_id, existing)
        with self.step('read the offers of %s in cart %s' % (', '.join(names), cart_id)):
            offers = cart_utils.read_offers(self.client, cart_id, names)
        chosen = {}
        for request in self.requests:
            offer, reason = choose_offer(request, offers[request['name']], self.params)
            if reason:
                self.fail(reason)
            chosen[request['name']] = offer
        keep, remove = cart_utils.plan_items(existing, {request['name']: (request['duration'], chosen[request['name']]['pricing_mode'])
                                                        for request in self.requests})
        removed = self.remove(cart, remove)
        items = self.add(cart_id, [request for request in self.requests if request['name'] not in keep], chosen)
        items.update(keep)
        changes = {name: (self.first(existing, name), items[name]) for name in names if name not in keep}
        return self.result(items, removed, changes)

    def planned(self) -> dict:
        """Check mode on the cart ovh_cart would create: the offers and guards, read through a temporary
        cart (deleted at once), and the items that would be added (numbered -1, -2, ... for ovh_cart_config)."""
        if self.params['state'] == 'absent':
            return self.result({}, [], {})
        names = [request['name'] for request in self.requests]
        warnings = []
        with self.step("read the account's subsidiary"):
            subsidiary = cart_utils.account_subsidiary(self.client)
        with cart_utils.temporary_cart(self.client, subsidiary, self.step, warnings) as cart:
            with self.step('read the offers of %s' % ', '.join(names)):
                offers = cart_utils.read_offers(self.client, cart['cartId'], names)
        for warning in warnings:
            self.warn(warning)
        items = {}
        for number, request in enumerate(self.requests, 1):
            offer, reason = choose_offer(request, offers[request['name']], self.params)
            if reason:
                self.fail(reason)
            body = cart_utils.add_body(request['name'], request['duration'], offer)
            items[request['name']] = dict(cart_utils.predicted_item(request['name'], request['duration'], offer, body), item_id=-number)
        return self.result(items, [], {name: (None, item) for name, item in items.items()})

    @staticmethod
    def first(items, name):
        return next((item for item in items if item['domain'] == name), None)

    def read_only(self, cart_id, existing):
        items = {}
        for request in self.requests:
            mine = [item for item in existing if item['domain'] == request['name']]
            match = next((item for item in mine if cart_utils.item_matches(item, request['duration'], request['pricing_mode'])), None)
            if match is None:
                self.fail('Cart %s is read-only (already checked out): cannot add %s to it' % (cart_id, request['name']))
            items[request['name']] = match
        return self.result(items, [], {})

    def add(self, cart_id, requests, offers) -> dict:
        def add_one(request):
            body = cart_utils.add_body(request['name'], request['duration'], offers[request['name']])
            if self.check_mode:
                return cart_utils.predicted_item(request['name'], request['duration'], offers[request['name']], body)
            return cart_utils.add_item(self.client, cart_id, body)

        if not requests:
            return {}
        with self.step('add %s to cart %s' % (', '.join(request['name'] for request in requests), cart_id)):
            added = map_concurrently(add_one, requests)
        return {request['name']: item for request, item in zip(requests, added)}

    def remove(self, cart, items) -> list:
        if items and cart.get('readOnly'):
            self.fail('Cart %s is read-only (already checked out): cannot remove %s from it' % (cart['cartId'], ', '.join(item['domain'] for item in items)))
        if not self.check_mode and items:
            with self.step('remove %s from cart %s' % (', '.join('item %s (%s)' % (item['item_id'], item['domain']) for item in items), cart['cartId'])):
                gone = map_concurrently(lambda item: cart_utils.remove_item(self.client, cart['cartId'], item['item_id']), items)
            items = [item for item, removed in zip(items, gone) if removed]
        return [item['item_id'] for item in items]

    def result(self, items, removed, changes) -> dict:
        """The module's result; ``changes``: domain → (an item before, the item after) for each name whose item changed."""
        cart_items = [items[request['name']] for request in self.requests if request['name'] in items]
        if self.params['domain'] is not None:
            for before, after in changes.values():
                self.tracker.add('item', view(before), view(after))
        elif changes:
            self.tracker.add('items', {name: view(pair[0]) for name, pair in changes.items()}, {name: view(pair[1]) for name, pair in changes.items()})
        duplicates = [item_id for item_id in removed if item_id not in {view(pair[0])['item_id'] for pair in changes.values() if pair[0]}]
        if duplicates:
            self.tracker.add('duplicate_items', duplicates, [])
        return {'item': cart_items[0] if self.params['domain'] is not None and cart_items else None, 'cart_items': cart_items, 'removed': removed}


def main():
    OvhCartDomain.execute()


if __name__ == '__main__':
    main()
