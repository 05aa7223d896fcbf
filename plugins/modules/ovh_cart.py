#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_cart
short_description: Create, find, update or delete an OVHcloud order cart
version_added: 0.1.0
description:
  - Makes sure an OVHcloud order cart (C(/order/cart)) exists, or does not.
  - A cart is found by O(cart_id), or by O(description) among the carts of the account that are
    assigned to it, not expired and not read-only (not yet checked out). Only when no such cart
    exists is a new one created, so a run that failed half-way can simply be run again.
  - Carts are temporary; OVHcloud deletes them after their expiry date (one day after creation by
    default). A cart that has been checked out becomes read-only and is no longer reused.
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
      - In check mode an existing cart is read and the changes are predicted; a cart that would be
        created is returned with RV(cart.cart_id=check-mode-planned-cart), which
        M(ovhcloud.order.ovh_cart_domain), M(ovhcloud.order.ovh_cart_config) and
        M(ovhcloud.order.ovh_checkout) take in check mode (and refuse in a real run), so that the
        steps of an order compose under C(--check).
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: full
options:
  state:
    description:
      - V(present) finds or creates the cart and brings its expiry date and assignment in line.
      - V(absent) deletes the cart given by O(cart_id), or every usable cart with the given
        O(description). A cart that is already gone is not an error.
    type: str
    choices: [present, absent]
    default: present
  cart_id:
    description:
      - The identifier of an existing cart (a UUID), as returned in RV(cart.cart_id).
      - With O(state=present) the cart must exist; the module never invents a cart with a given id.
      - One of O(cart_id) and O(description) is required.
    type: str
  description:
    description:
      - The description of the cart, used to find it again on the next run.
      - Without O(cart_id), the newest usable cart of the account with exactly this description is
        reused (with a warning when there are several); when there is none, a cart is created with
        this description.
      - With O(cart_id), the cart's description is changed to this value if it differs.
    type: str
  ovh_subsidiary:
    description:
      - The OVHcloud subsidiary the cart orders from, such as V(FR), V(GB), V(DE) or V(CA).
      - It must be the subsidiary of the account; by default it is read from C(GET /me).
      - Only used when a cart is created.
    type: str
  expire:
    description:
      - The expiry date and time of the cart, in ISO 8601 such as V(2026-12-01T18:00:00+00:00)
        (without an offset, UTC is assumed). It must be in the future.
      - When a new cart is created without it, OVHcloud sets one day after the creation.
      - An existing cart whose expiry date differs is updated.
    type: str
  assign:
    description:
      - Whether to assign the cart to the account of the credentials. OVHcloud needs an assigned
        cart to configure and check out domain names.
      - An existing cart that is not assigned yet gets assigned; V(false) never unassigns a cart.
    type: bool
    default: true
notes:
  - The cart itself costs nothing; nothing is ordered until M(ovhcloud.order.ovh_checkout) checks it out.
seealso:
  - module: ovhcloud.order.ovh_cart_domain
  - module: ovhcloud.order.ovh_cart_config
  - module: ovhcloud.order.ovh_checkout
'''

EXAMPLES = r'''
- name: Order domain names through the OVHcloud API
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Find or create the cart of this order
      ovhcloud.order.ovh_cart:
        description: "order example.com"
      register: order_cart

    - name: Keep the cart until tomorrow evening
      ovhcloud.order.ovh_cart:
        cart_id: "{{ order_cart.cart.cart_id }}"
        expire: "2026-12-02T18:00:00+01:00"

    - name: Delete the cart when the order is abandoned
      ovhcloud.order.ovh_cart:
        description: "order example.com"
        state: absent
'''

RETURN = r'''
cart:
  description:
    - The cart after the change (in check mode, the predicted cart).
    - V(null) after O(state=absent).
  returned: always
  type: dict
  contains:
    cart_id:
      description: The cart identifier; V(null) in check mode when the cart would be created.
      type: str
      sample: 6f2a0a4e-93c6-4d4b-9d5a-0c4b6f1d2e3f
    description:
      description: The description of the cart.
      type: str
      sample: order example.com
    expire:
      description: When the cart expires (ISO 8601), as the API reports it.
      type: str
      sample: "2026-12-02T17:00:00+00:00"
    read_only:
      description: Whether the cart has been checked out already.
      type: bool
      sample: false
    assigned:
      description: Whether the cart is assigned to the account of the credentials.
      type: bool
      sample: true
    item_ids:
      description:
        - The identifiers of the cart's items.
        - Called C(items) before version 0.1.0 was released; renamed because C(cart.items) reads the
          dict method in Jinja.
      type: list
      elements: int
      sample: [123456789]
    summary:
      description: The cart summary (no configuration checks), only when the cart has items.
      returned: when the cart has items
      type: dict
      sample:
        with_tax: {value: 11.99, currency: EUR, text: "11.99 €"}
        without_tax: {value: 9.99, currency: EUR, text: "9.99 €"}
        tax: {value: 2.0, currency: EUR, text: "2.00 €"}
        details:
          - description: example.com - .com domain creation
            domain: example.com
            detail_type: DURATION
            quantity: 1
            cart_item_id: 123456789
            unit_price: {value: 9.99, currency: EUR, text: "9.99 €"}
            total_price: {value: 9.99, currency: EUR, text: "9.99 €"}
deleted:
  description: The identifiers of the carts deleted (or that would be deleted in check mode).
  returned: when O(state=absent)
  type: list
  elements: str
  sample: [6f2a0a4e-93c6-4d4b-9d5a-0c4b6f1d2e3f]
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 4
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime, parse_datetime, same_instant, utcnow
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import validate_subsidiary
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule


class OvhCart(OvhModule):
    argument_spec = {
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
        'cart_id': {'type': 'str'},
        'description': {'type': 'str'},
        'ovh_subsidiary': {'type': 'str'},
        'expire': {'type': 'str'},
        'assign': {'type': 'bool', 'default': True},
    }
    module_kwargs = {'required_one_of': [('cart_id', 'description')]}

    subsidiary = None
    expire = None

    def validate(self):
        if self.params['ovh_subsidiary'] is not None:
            try:
                self.subsidiary = validate_subsidiary(self.params['ovh_subsidiary'])
            except ValueError as exc:
                self.fail(str(exc))
        if self.params['expire'] is not None:
            try:
                self.expire = parse_datetime(self.params['expire'])
            except ValueError:
                self.fail('expire must be an ISO 8601 date and time such as 2026-12-01T18:00:00+00:00, got %r' % self.params['expire'])
            if self.params['state'] == 'present' and self.expire <= utcnow():
                self.fail('expire must be in the future, got %s' % self.params['expire'])

    def run(self):
        if self.params['state'] == 'absent':
            return self.absent()
        cart = None
        if self.params['cart_id']:
            with self.step('read cart %s' % self.params['cart_id']):
                cart = cart_utils.get_cart(self.client, self.params['cart_id'])
            if cart is None:
                self.fail('cart_id %s: there is no such cart (it may have expired); omit cart_id and give a description to create one'
                          % self.params['cart_id'])
        else:
            with self.step('find the carts described %r' % self.params['description']):
                carts = cart_utils.find_carts(self.client, self.params['description'])
            if len(carts) > 1:
                self.module.warn('%d usable carts are described %r (%s); reusing the newest, %s'
                                 % (len(carts), self.params['description'], ', '.join(c['cartId'] for c in carts), carts[0]['cartId']))
            cart = carts[0] if carts else None
        if cart is None:
            return self.create()
        # GET /order/cart lists the account's carts only: one found by description is assigned.
        return self.update(cart, assigned=None if self.params['cart_id'] else True)

    @staticmethod
    def view(cart, assigned):
        return {'cart_id': cart.get('cartId'), 'description': cart.get('description'), 'expire': cart.get('expire'), 'assigned': assigned}

    def create(self):
        subsidiary = self.subsidiary
        if subsidiary is None:
            with self.step("read the account's subsidiary"):
                subsidiary = cart_utils.account_subsidiary(self.client)
        body = {'ovhSubsidiary': subsidiary}
        if self.params['description'] is not None:
            body['description'] = self.params['description']
        if self.expire is not None:
            body['expire'] = format_datetime(self.expire)
        predicted = {'cartId': cart_utils.PLANNED_CART_ID, 'description': body.get('description', ''), 'expire': body.get('expire'), 'readOnly': False,
                     'items': []}
        self.tracker.add('cart', None, self.view(predicted, self.params['assign']))
        if self.check_mode:
            return {'cart': cart_utils.normalize_cart(predicted, assigned=self.params['assign'])}
        cart = cart_utils.create_cart(self.client, subsidiary, body.get('description'), body.get('expire'), assign=False, step=self.step)
        if self.params['assign']:
            with self.step('assign the new cart %s to the account' % cart['cartId']):
                try:
                    cart_utils.assign_cart(self.client, cart['cartId'])
                except OvhError as exc:
                    self.fail_from_error(exc, cart=cart_utils.normalize_cart(cart, assigned=False))
        self.tracker.add('cart', None, self.view(cart, self.params['assign']))
        return {'cart': cart_utils.normalize_cart(cart, assigned=self.params['assign'])}

    def update(self, cart, assigned=None):
        cart_id = cart['cartId']
        if assigned is None:
            with self.step('find out whether cart %s is assigned to the account' % cart_id):
                assigned = cart_id in cart_utils.account_cart_ids(self.client)
        changes = {}
        if self.params['cart_id'] and self.params['description'] is not None and cart.get('description') != self.params['description']:
            changes['description'] = self.params['description']
        if self.expire is not None and not same_instant(cart.get('expire'), self.expire):
            changes['expire'] = format_datetime(self.expire)
        assign = self.params['assign'] and not assigned
        if (changes or assign) and cart.get('readOnly'):
            self.fail('Cart %s is read-only (already checked out): cannot change its %s' % (cart_id, ', '.join(sorted(changes) or ['assignment'])))
        before = self.view(cart, assigned)
        after = dict(before, **changes)
        if assign:
            after['assigned'] = True
        self.tracker.add('cart', before, after)
        if changes and not self.check_mode:
            with self.step('update cart %s (%s)' % (cart_id, ', '.join(sorted(changes)))):
                cart = cart_utils.update_cart(self.client, cart_id, changes) or dict(cart, **changes)
        elif changes:
            cart = dict(cart, **changes)
        if assign and not self.check_mode:
            with self.step('assign cart %s to the account' % cart_id):
                cart_utils.assign_cart(self.client, cart_id)
        summary = None
        if cart.get('items'):
            with self.step('read the summary of cart %s' % cart_id):
                summary = cart_utils.get_summary(self.client, cart_id)
        return {'cart': cart_utils.normalize_cart(cart, assigned=after['assigned'], summary=summary)}

    def absent(self):
        if self.params['cart_id']:
            with self.step('read cart %s' % self.params['cart_id']):
                cart = cart_utils.get_cart(self.client, self.params['cart_id'])
            carts = [cart] if cart is not None else []
        else:
            with self.step('find the carts described %r' % self.params['description']):
                carts = cart_utils.find_carts(self.client, self.params['description'])
        deleted = []
        for cart in carts:
            self.tracker.add('cart %s' % cart['cartId'], self.view(cart, None), None)
            if not self.check_mode:
                with self.step('delete cart %s' % cart['cartId']):
                    gone = not cart_utils.delete_cart(self.client, cart['cartId'])
                if gone:
                    self.tracker.add('cart %s' % cart['cartId'], None, None)
                    continue
            deleted.append(cart['cartId'])
        return {'cart': None, 'deleted': deleted}


def main():
    OvhCart.execute()


if __name__ == '__main__':
    main()
