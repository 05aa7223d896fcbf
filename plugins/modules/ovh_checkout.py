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
  max_price:
    description:
      - The most the order may cost, in the currency of the quote, on the O(price_basis).
      - When the quote is above it, the module fails before the real checkout.
      - Required unless O(allow_any_price=true); must not be negative. When both are set, O(max_price)
        still applies.
    type: float
  allow_any_price:
    description:
      - Check out whatever the quote says, without O(max_price).
    type: bool
    default: false
  price_basis:
    description:
      - Which total of the quote O(max_price) is compared with.
    type: str
    choices: [with_tax, without_tax]
    default: with_tax
  currency:
    description:
      - The currency the quote must be in (an C(order.CurrencyCodeEnum) value); another currency fails
        before the real checkout. By default any currency is accepted.
    type: str
    choices: [AUD, CAD, CZK, EUR, GBP, INR, LTL, MAD, N/A, PLN, SGD, TND, USD, XOF, points]
  auto_pay:
    description:
      - Ask OVHcloud to pay the order at once with the account's preferred (default) payment method
        (C(autoPayWithPreferredPaymentMethod)).
      - Always sent explicitly in the checkout, as V(false) unless set.
      - Excludes O(payment_method_id) and O(payment_mean). It acts at checkout only; on a later run,
        an unpaid order is paid only with O(payment_method_id) or O(payment_mean).
    type: bool
    default: false
  waive_retractation_period:
    description:
      - Waive the legal retractation (withdrawal) period, so that OVHcloud can deliver at once
        (C(waiveRetractationPeriod)). OVHcloud's guide says domain orders need it; the choice is yours.
      - Always sent explicitly in the checkout, as V(false) unless set.
    type: bool
    default: false
  payment_method_id:
    description:
      - Pay the new order with this registered payment method (C(POST /me/order/{orderId}/pay)).
      - The method must exist and be C(VALID); this is checked before the checkout, so a refused
        method fails before any order exists. It never falls back to another method.
      - Excludes O(auto_pay) and O(payment_mean).
    type: int
  payment_mean:
    description:
      - Pay the new order with a registered payment mean (C(POST /me/order/{orderId}/payWithRegisteredPaymentMean)),
        as the OVHcloud domain order guide does.
      - The order must accept it (C(availableRegisteredPaymentMean)); this can only be checked once the
        order exists. When it does not, the module fails with the unpaid order in RV(order), and
        never falls back to another mean.
      - Excludes O(auto_pay) and O(payment_method_id).
    type: str
    choices:
      - CREDIT_CARD
      - CURRENT_ACCOUNT
      - DEFERRED_PAYMENT_ACCOUNT
      - DOMESTIC_CARD
      - ENTERPRISE
      - INTERNAL_TRUSTED_ACCOUNT
      - PAYPAL
      - RUPAY
      - SEPA_DIRECT_DEBIT
      - bankAccount
      - creditCard
      - deferredPaymentAccount
      - fidelityAccount
      - ovhAccount
      - paypal
  payment_mean_id:
    description:
      - The identifier of the payment mean, for O(payment_mean). Required for V(bankAccount),
        V(creditCard) and V(paypal).
    type: int
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
        timeout: 1800
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

import time

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError, OvhServerError, OvhTransportError
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule

# After an ambiguous checkout failure, how often and how far apart /me/order is searched.
LOOKUP_ATTEMPTS = 3
LOOKUP_DELAY = 2.0
CHECK_ORDERS = ('check the orders of %s with ovhcloud.order.ovh_order_info (domain=...) or in the OVHcloud manager (Billing, My orders)')


class OvhCheckout(OvhModule):
    payment = 'none'
    reader = None
    argument_spec = {
        'cart_id': {'type': 'str', 'required': True},
        'max_price': {'type': 'float'},
        'allow_any_price': {'type': 'bool', 'default': False},
        'price_basis': {'type': 'str', 'choices': ['with_tax', 'without_tax'], 'default': 'with_tax'},
        'currency': {'type': 'str', 'choices': list(order_utils.CURRENCY_CODES)},
        'auto_pay': {'type': 'bool', 'default': False},
        'waive_retractation_period': {'type': 'bool', 'default': False},
        'payment_method_id': {'type': 'int'},
        'payment_mean': {'type': 'str', 'choices': list(order_utils.PAYMENT_MEANS)},
        'payment_mean_id': {'type': 'int'},
    }
    module_kwargs = {
        'mutually_exclusive': [('payment_method_id', 'payment_mean')],
        'required_by': {'payment_mean_id': 'payment_mean'},
        'required_if': [('payment_mean', mean, ['payment_mean_id']) for mean in order_utils.MEANS_NEEDING_ID],
    }

    def validate(self):
        params = self.params
        if params['max_price'] is None and not params['allow_any_price']:
            self.fail('max_price is required: the most this order may cost (%s); set allow_any_price=true to order at any price' % params['price_basis'])
        if params['max_price'] is not None and params['max_price'] < 0:
            self.fail('max_price must not be negative, got %s' % params['max_price'])
        if params['auto_pay'] and (params['payment_method_id'] is not None or params['payment_mean']):
            self.fail('auto_pay, payment_method_id and payment_mean are three ways to pay that exclude each other; choose one')
        self.payment = ('auto_pay' if params['auto_pay'] else 'payment_method' if params['payment_method_id'] is not None
                        else 'payment_mean' if params['payment_mean'] else 'none')

    def run(self):
        cart_id = self.params['cart_id']
        with self.step('read cart %s' % cart_id):
            cart = cart_utils.get_cart(self.client, cart_id)
        if cart is None:
            self.fail('Cart %s does not exist or has expired (OVHcloud deletes carts after their expiry date); nothing was ordered' % cart_id)
        if not cart.get('items'):
            self.fail('Cart %s is empty: add domain names with ovhcloud.order.ovh_cart_domain first; nothing was ordered' % cart_id)
        self.reader = order_utils.OrderReader(self.client)
        with self.step('read the items of cart %s' % cart_id):
            domains = order_utils.cart_domains(self.client, cart_id)
        if not domains:
            self.fail('Cart %s names no domain in its items or summary; this module checks out domain name carts only' % cart_id)
        result = {'domains': sorted(domains), 'quote': None, 'order': None}
        if cart.get('readOnly'):
            return dict(result, **self.checked_out(cart_id, domains))
        since = self.reader.now - order_utils.OPEN_ORDER_WINDOW
        known_ids = self.precheck(domains, since)
        with self.step('get the checkout quote (dry run) of cart %s' % cart_id):
            result['quote'] = order_utils.normalize_quote(self.client.get(api_path('/order/cart/{}/checkout', cart_id)) or {})
        problem = order_utils.price_problem(result['quote'], self.params['price_basis'], self.params['max_price'], self.params['currency'])
        if problem:
            self.fail('Cart %s is not checked out: %s; nothing was ordered. Raise max_price (or change currency) or remove items from the cart'
                      % (cart_id, problem), quote=result['quote'])
        if self.params['payment_method_id'] is not None:
            self.check_payment_method()
        self.tracker.add('cart_checked_out', False, True)
        self.tracker.add('order', None, self.order_view(None, sorted(domains), result['quote']))
        if self.check_mode:
            return result
        result['order'], created = self.checkout(cart_id, domains, known_ids, since)
        view = self.order_view(result['order']['order_id'], sorted(domains), result['quote'])
        self.tracker.add('order', None if created else view, view)
        if created:
            self.pay(result['order'])
        else:
            self.tracker.add('cart_checked_out', True, True)
        return result

    def precheck(self, domains, since) -> set:
        """Fail when a domain is already held or has an open order; returns the ids of the orders seen."""
        for domain in sorted(domains):
            with self.step('find out whether the account already holds %s' % domain):
                if cart_utils.is_owned(self.client, domain):
                    self.fail('%s is already held by this account (GET /domain/%s answers): remove it from cart %s; nothing was ordered'
                              % (domain, domain, self.params['cart_id']))
        with self.step('look for open orders naming %s' % ', '.join(sorted(domains))):
            ids = self.reader.ids_since(since)
            found = self.reader.open_orders_naming(domains, ids)
        if found:
            self.fail('An open order already names these domains: %s. Checking out cart %s would order them twice, so nothing was ordered. '
                      'Pay, cancel or let that order expire (ovhcloud.order.ovh_order_info order_id=... shows it), then run again.'
                      % ('; '.join('order %s (%s): %s' % (oid, status, ', '.join(names)) for oid, status, names in found), self.params['cart_id']),
                      open_orders=[oid for oid, _status, _names in found])
        return set(ids)

    def check_payment_method(self, order=None):
        with self.step('read payment method %s' % self.params['payment_method_id']):
            problem = order_utils.payment_method_problem(self.client, self.params['payment_method_id'])
        if problem:
            extra = {'order': order} if order else {}
            self.fail('Cannot pay with payment_method_id: %s. %s' % (problem, 'Nothing was ordered.' if order is None else
                      'Order %s stays unpaid; choose another payment option.' % order['order_id']), **extra)

    def order_view(self, order_id, domains, quote=None):
        view = {'order_id': order_id, 'domains': domains, 'payment': self.payment}
        if quote:
            view['price'] = {basis: (quote.get(basis) or {}).get('text') for basis in ('with_tax', 'without_tax')}
        return view

    def checkout(self, cart_id, domains, known_ids, since):
        """The one real checkout; returns (order, changed)."""
        body = {'autoPayWithPreferredPaymentMethod': self.params['auto_pay'], 'waiveRetractationPeriod': self.params['waive_retractation_period']}
        try:
            with self.step('check out cart %s' % cart_id):
                created = self.client.post(api_path('/order/cart/{}/checkout', cart_id), body=body)
        except OvhError as exc:
            return self.reconcile(cart_id, domains, known_ids, since, exc)
        return dict(order_utils.normalize_checkout_order(created or {}), payment=self.payment), True

    def reconcile(self, cart_id, domains, known_ids, since, exc):
        """After a failed checkout: find the order it may have placed; never check out again."""
        ambiguous = isinstance(exc, (OvhTransportError, OvhServerError))
        try:
            cart = cart_utils.get_cart(self.client, cart_id)
            read_only = bool(cart and cart.get('readOnly'))
        except OvhError:
            read_only = None
        if not ambiguous and not read_only:
            self.fail_from_error(exc)
        matches = []
        for attempt in range(LOOKUP_ATTEMPTS if read_only is not False else 1):
            if attempt:
                time.sleep(LOOKUP_DELAY)
            try:
                matches = self.reader.produced_by(domains, [oid for oid in self.reader.ids_since(since) if oid not in known_ids])
            except OvhError:
                matches = []
            if matches:
                break
        if not ambiguous and not matches:
            self.module.warn('Cart %s had already been checked out (this checkout was refused: %s); its order is reported.' % (cart_id, exc))
            return self.checked_out(cart_id, domains)['order'], False
        names = ', '.join(sorted(domains))
        if len(matches) != 1:
            cart_state = {None: 'cart %s could not be read' % cart_id, True: 'cart %s is now checked out (read-only)' % cart_id,
                          False: 'cart %s is still open, so most likely no order was placed' % cart_id}[read_only]
            if matches:
                found = '%d new orders name exactly %s (%s)' % (len(matches), names, ', '.join(map(str, matches)))
            else:
                found = 'no new order naming %s was found in /me/order' % names
            self.fail('The checkout of cart %s failed: %s. No second checkout was sent, and the state of the order is unknown: %s, and %s. '
                      'Before running this again, %s.' % (cart_id, exc, cart_state, found, CHECK_ORDERS % names),
                      failure=exc.to_dict(), orders_found=matches)
        self.module.warn('The checkout of cart %s failed (%s) after OVHcloud had placed the order: order %s is reported. '
                         'No second checkout was sent.' % (cart_id, exc, matches[0]))
        with self.step('read order %s' % matches[0]):
            order = self.reader.describe(matches[0])
        return dict(order, contracts=[], payment=self.payment), True

    def checked_out(self, cart_id, domains):
        """The cart is read-only: report the order it produced, paying it if asked to and unpaid."""
        since = self.reader.now - order_utils.OPEN_ORDER_WINDOW
        with self.step('find the order that cart %s produced' % cart_id):
            matches = self.reader.produced_by(domains, self.reader.ids_since(since), first=True)
        if not matches:
            self.fail('Cart %s was already checked out, but its order (naming exactly %s) was not found in the orders of the last %d days; '
                      'nothing was ordered again: %s.' % (cart_id, ', '.join(sorted(domains)), order_utils.OPEN_ORDER_WINDOW.days,
                                                          CHECK_ORDERS % ', '.join(sorted(domains))))
        with self.step('read order %s' % matches[0]):
            order = dict(self.reader.describe(matches[0]), contracts=[], payment=self.payment)
        if order['status'] in order_utils.CANCELLED_STATUSES or not order['open'] and not order['paid']:
            self.module.warn('Order %s of cart %s is %s; prepare a new cart to order again' % (order['order_id'], cart_id, order['status']))
        elif order['status'] == 'notPaid' and self.payment in ('payment_method', 'payment_mean'):
            self.tracker.add('paid', False, True)
            if self.params['payment_method_id'] is not None:
                self.check_payment_method(order)
            if self.check_mode:
                self.check_payment_mean(order)
            else:
                self.pay(order)
        elif order['status'] == 'notPaid':
            self.module.warn('Order %s is not paid: pay it at %s, or run this task with payment_method_id or payment_mean' % (order['order_id'], order['url']))
        return {'order': order}

    def check_payment_mean(self, order):
        if self.params['payment_mean']:
            with self.step('read the payment means order %s accepts' % order['order_id']):
                means = self.reader.payment_means(order['order_id'])
            if self.params['payment_mean'] not in means:
                self.fail('Order %s cannot be paid with payment_mean %s (it accepts: %s); it stays unpaid. Pay it at %s, or run this task again with '
                          'another payment option: it pays the existing order and never orders again.'
                          % (order['order_id'], self.params['payment_mean'], ', '.join(means) or 'none', order['url']), order=order)

    def refresh_status(self, order):
        try:
            order['status'] = self.reader.status(order['order_id'])
        except OvhError as exc:
            self.module.warn('Could not read the status of order %s: %s' % (order['order_id'], exc))
        order['paid'] = order['status'] in order_utils.PAID_STATUSES

    def pay(self, order):
        """Pay ``order`` as the options ask (if at all and if unpaid), then refresh its status."""
        order_id = order['order_id']
        if self.payment in ('payment_method', 'payment_mean') and order['status'] is None:
            self.refresh_status(order)
        if self.payment in ('payment_method', 'payment_mean') and order['status'] in (None, 'notPaid'):
            self.check_payment_mean(order)
            how = ('payment method %s' % self.params['payment_method_id'] if self.payment == 'payment_method'
                   else 'payment mean %s' % self.params['payment_mean'])
            try:
                order_utils.pay_order(self.client, order_id, self.params['payment_method_id'], self.params['payment_mean'], self.params['payment_mean_id'])
            except OvhError as exc:
                state = ('whether it is paid is unknown: check its status with ovhcloud.order.ovh_order_info before paying it again'
                         if isinstance(exc, (OvhTransportError, OvhServerError)) else 'it is not paid')
                self.fail('Failed to pay order %s with %s: %s. The order exists and %s; pay it at %s, or run this task again (with another '
                          'payment option if this one was refused): it pays the existing order if unpaid and never orders again.'
                          % (order_id, how, exc, state, order['url']), failure=exc.to_dict(), order=order)
        self.refresh_status(order)
        if self.payment == 'auto_pay' and order['status'] == 'notPaid':
            self.module.warn('auto_pay was asked, but order %s is not paid yet: OVHcloud may still be taking the payment, or the account has no '
                             'valid default payment method. Follow it with ovhcloud.order.ovh_order_info wait_for=paid.' % order_id)


def main():
    OvhCheckout.execute()


if __name__ == '__main__':
    main()
