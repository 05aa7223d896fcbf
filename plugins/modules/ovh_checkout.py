#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_checkout
short_description: Check out an OVHcloud cart once, within a price limit, and pay the order
version_added: 0.1.0
description:
  - Turns a prepared OVHcloud cart (see M(ovhcloud.order.ovh_cart), M(ovhcloud.order.ovh_cart_domain)
    and M(ovhcloud.order.ovh_cart_config)) into an order, and pays it if asked to. This spends money.
  - Before anything is ordered, the module reads the cart and its items and refuses to go on when a
    domain of the cart is already held by the account (C(GET /domain/{name})), or when an open order
    of the last 30 days names it (not delivered, not cancelled, not an unpaid order past its
    expiration date). Pay, cancel or let that order expire first; ordering the name twice is what
    this check prevents.
  - It then always runs the dry-run checkout (C(GET /order/cart/{cartId}/checkout)), which also checks
    the configurations and the owner's eligibility, and returns it as RV(quote). Eligibility and
    configuration errors are reported with OVHcloud's per-field details.
  - A quote above O(max_price), or in another currency than O(currency), fails before the real
    checkout, naming both amounts.
  - The real checkout (C(POST /order/cart/{cartId}/checkout)) is sent at most once and never
    retried. If it times out, loses its connection or gets a server error, the module looks in
    C(/me/order) for the new order whose details name exactly the domains of the cart, and reports
    it; when it cannot find exactly one, it fails saying that the order's state is unknown and that
    no second checkout was sent.
  - A cart that has already been checked out is read-only; the module then finds the order the cart
    produced and returns it unchanged. It never places a second order for one cart.
author:
  - ovhcloud.order contributors (@ovhcloud-order)
extends_documentation_fragment:
  - ovhcloud.order.ovh
  - ovhcloud.order.ovh.timeout
  - ovhcloud.order.ovh.checkout
  - ovhcloud.order.ovh.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - In check mode the module reads the cart, runs every safety check and the dry-run checkout,
        applies the price and currency guards and checks the payment method, then stops. It reports
        C(changed=true) with the RV(quote) and RV(order=null) when the cart would be checked out,
        and C(changed=false) with the existing order when the cart is already checked out.
      - On the cart M(ovhcloud.order.ovh_cart) would create (V(check-mode-planned-cart)) it reports that the
        cart would be checked out (C(changed=true)), without a quote; M(ovhcloud.order.ovh_domain_order)
        runs OVHcloud's dry run in check mode.
  diff_mode:
    support: full
    details:
      - Shows the cart going from not checked out to checked out, with the order's domains, price
        and way of paying; or an existing unpaid order going to paid.
  idempotent:
    description: Running the task again with the same options changes nothing more.
    support: full
    details:
      - The second run finds the checked-out (read-only) cart and its order and makes no POST, PUT or
        DELETE, unless the order is still unpaid and a payment option is given, which pays it.
options:
  cart_id:
    description:
      - The cart to check out, as returned by M(ovhcloud.order.ovh_cart) in RV(ovhcloud.order.ovh_cart#module:cart.cart_id).
      - The cart must be assigned to the account and hold at least one item.
    type: str
    required: true
  open_orders_since:
    description:
      - Look for open orders naming the cart's domains only among the orders placed since this date
        and time (ISO 8601), and skip the C(GET /domain/{name}) checks, because an earlier scan (for
        example RV(ovhcloud.order.ovh_domain_order#module:scanned_at) or
        RV(ovhcloud.order.ovh_order_info#module:scanned_at)) already covered the account up to then.
      - The search starts 10 minutes before that time, so that a difference between clocks cannot hide
        a new order. By default the account's domains and its orders of the last 30 days are read.
    type: str
notes:
  - When the new order cannot be paid as asked, the module fails and still returns the order in
    RV(order) (with its C(url)); run the task again with another payment option to pay it, or pay it
    in the OVHcloud manager. Running it again never orders again.
  - Follow the order until it is delivered with M(ovhcloud.order.ovh_order_info).
seealso:
  - module: ovhcloud.order.ovh_cart
  - module: ovhcloud.order.ovh_cart_domain
  - module: ovhcloud.order.ovh_cart_config
  - module: ovhcloud.order.ovh_order_info
'''

EXAMPLES = r'''
- name: Buy the domain names in a prepared cart
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Show what the order would cost (run with --check), then order and pay it
      ovhcloud.order.ovh_checkout:
        cart_id: "{{ order_cart.cart.cart_id }}"
        max_price: 20
        price_basis: with_tax
        currency: EUR
        auto_pay: true
        waive_retractation_period: true
      register: checkout

    - name: Pay with a chosen registered payment method instead
      ovhcloud.order.ovh_checkout:
        cart_id: "{{ order_cart.cart.cart_id }}"
        max_price: 20
        payment_method_id: 12345678

    - name: Pay from the prepaid OVHcloud account, as the domain order guide does
      ovhcloud.order.ovh_checkout:
        cart_id: "{{ order_cart.cart.cart_id }}"
        max_price: 20
        payment_mean: ovhAccount

    - name: Wait until the order is delivered
      ovhcloud.order.ovh_order_info:
        order_id: "{{ checkout.order.order_id }}"
        wait_for: delivered
        wait_timeout: 1800
'''

RETURN = r'''
domains:
  description: The domain names in the cart.
  returned: always
  type: list
  elements: str
  sample: [example.com]
quote:
  description:
    - The dry-run checkout of the cart; V(null) when the cart was already checked out.
  returned: always
  type: dict
  contains:
    with_tax:
      description: The total with tax, as C(value), C(currency) and C(text).
      type: dict
      sample: {value: 10.79, currency: EUR, text: "10.79 €"}
    without_tax:
      description: The total without tax.
      type: dict
      sample: {value: 8.99, currency: EUR, text: "8.99 €"}
    tax:
      description: The tax.
      type: dict
      sample: {value: 1.8, currency: EUR, text: "1.80 €"}
    currency:
      description: The currency of the quote.
      type: str
      sample: EUR
    details:
      description: The detail lines (domain, description, detail type, quantity, unit and total price).
      type: list
      elements: dict
      sample:
        - domain: example.com
          description: .com domain name creation
          detail_type: DURATION
          quantity: 1
          unit_price: {value: 8.99, currency: EUR, text: "8.99 €"}
          total_price: {value: 8.99, currency: EUR, text: "8.99 €"}
    contracts:
      description: The contracts the order accepts, by name and URL.
      type: list
      elements: dict
      sample: [{name: General Terms and Conditions, url: "https://www.ovh.com/fr/support/contracts/cgv.pdf"}]
order:
  description:
    - The order this cart produced (created by this run, or found); V(null) in check mode when the
      cart would be checked out.
    - Also returned when the module fails after the order was created (for example a refused payment).
  returned: always
  type: dict
  contains:
    order_id:
      description: The order identifier.
      type: int
      sample: 123456789
    url:
      description: The purchase order's URL, where it can also be paid.
      type: str
      sample: "https://www.ovh.com/cgi-bin/order/display-order.cgi?orderId=123456789&orderPassword=XXXX"
    date:
      description: When the order was made; V(null) for an order created by this run.
      type: str
      sample: "2026-11-30T10:00:00+01:00"
    expiration_date:
      description: When an unpaid order expires; V(null) for an order created by this run.
      type: str
      sample: "2026-12-14T10:00:00+01:00"
    status:
      description: The order status (C(billing.order.OrderStatusEnum)), such as V(notPaid), V(checking),
        V(delivering) or V(delivered); V(null) if it could not be read.
      type: str
      sample: checking
    open:
      description: Whether the order is still in progress (not delivered, cancelled or expired unpaid).
      type: bool
      sample: true
    paid:
      description: Whether OVHcloud has the payment (status V(checking), V(delivering) or V(delivered)).
      type: bool
      sample: true
    payment:
      description: How the options ask to pay the order, V(auto_pay), V(payment_method),
        V(payment_mean) or V(none).
      type: str
      sample: auto_pay
    prices:
      description: The totals with and without tax, and the tax.
      type: dict
      sample:
        with_tax: {value: 10.79, currency: EUR, text: "10.79 €"}
        without_tax: {value: 8.99, currency: EUR, text: "8.99 €"}
        tax: {value: 1.8, currency: EUR, text: "1.80 €"}
    details:
      description: The detail lines of the order.
      type: list
      elements: dict
      sample:
        - domain: example.com
          description: .com domain name creation
          detail_type: DURATION
          quantity: 1
          unit_price: {value: 8.99, currency: EUR, text: "8.99 €"}
          total_price: {value: 8.99, currency: EUR, text: "8.99 €"}
    domains:
      description: The domain names the order's details name.
      type: list
      elements: str
      sample: [example.com]
    contracts:
      description: The contracts of the order; empty when the order was found rather than created by this run.
      type: list
      elements: dict
      sample: [{name: General Terms and Conditions, url: "https://www.ovh.com/fr/support/contracts/cgv.pdf"}]
    payment_means:
      description: For an unpaid order that was found, the registered payment means it accepts; otherwise V(null).
      type: list
      elements: str
      sample: [ovhAccount, fidelityAccount]
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 9
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import (
    CartCheckout, checkout_argument_spec, checkout_options_problem,
)
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import parse_datetime
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule


class OvhCheckout(OvhModule):
    argument_spec = dict(checkout_argument_spec(), cart_id={'type': 'str', 'required': True}, open_orders_since={'type': 'str'})
    since = None

    def validate(self):
        problem = checkout_options_problem(self.params)
        if problem:
            self.fail(problem)
        if self.params['open_orders_since'] is not None:
            try:
                self.since = parse_datetime(self.params['open_orders_since'])
            except ValueError:
                self.since = None
            if self.since is None:
                self.fail('open_orders_since must be an ISO 8601 date and time such as 2026-12-01T10:00:00+00:00, got %r'
                          % self.params['open_orders_since'])

    def run(self):
        problem = cart_utils.planned_cart_problem(self.params['cart_id'], self.check_mode)
        if problem:
            self.fail(problem)
        if cart_utils.is_planned_cart(self.params['cart_id']):
            # Check mode on the cart ovh_cart would create: it would be checked out; there is no cart to quote.
            self.tracker.add('cart_checked_out', False, True)
            return {'domains': [], 'quote': None, 'order': None}
        checkout = CartCheckout(self.client, self.params, self.tracker, self.step, self.module.warn, self.check_mode)
        return checkout.run(self.params['cart_id'], recheck_since=self.since, check_owned=self.since is None)


def main():
    OvhCheckout.execute()


if __name__ == '__main__':
    main()
