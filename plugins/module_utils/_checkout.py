# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The checkout of one cart, shared by ovh_checkout and ovh_domain_order: the checks before the
order (domains already held, open orders naming them, the quote against the price limit, the
payment method), the one real checkout, the look-up after an ambiguous failure, and the payment.

The money rules live here and only here:

- ``POST /order/cart/{cartId}/checkout`` is sent at most once per run and never retried; after a
  timeout, a dropped connection or a server error the new order is looked up in ``/me/order``;
- a read-only (checked-out) cart is never checked out again: its order is found and reported;
- nothing is ordered above ``max_price`` (on OVHcloud's own quote) or in another ``currency``.

Decisions that end the task are raised as :class:`OvhStop`, with the result keys to return.
"""

from __future__ import annotations

import time

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhBadRequestError, OvhError, OvhServerError, OvhStop, OvhTransportError
from ansible_collections.ovhcloud.order.plugins.module_utils._validation import number, payment_choice

# After an ambiguous checkout failure, how often and how far apart /me/order is searched.
LOOKUP_ATTEMPTS = 3
LOOKUP_DELAY = 2.0
CHECK_ORDERS = 'check the orders of %s with ovhcloud.order.ovh_order_info (domain=...) or in the OVHcloud manager (Billing, My orders)'
# The same advice for the domain_order role (name_prefix set): the playbook that ships with it.
CHECK_ORDERS_PLAYBOOK = ('check the orders of %s with ansible-playbook ovhcloud.order.order_status -e domain=NAME (one run per name) or in '
                         'the OVHcloud manager (Billing, My orders)')
PAYMENT_OPTIONS = ('auto_pay', 'payment_method_id', 'payment_mean', 'payment_mean_id', 'waive_retractation_period')


class CheckoutRefused(OvhStop):
    """OVHcloud's dry run (``GET /order/cart/{cartId}/checkout``) refused the cart: nothing was ordered.
    ``error`` is the API's answer (an ``OvhApiError``)."""

    def __init__(self, cart_id, error, **result):
        super().__init__('OVHcloud refused the order at its dry run (GET /order/cart/%s/checkout): %s. Nothing was ordered.' % (cart_id, error),
                         failure=error.to_dict(), **result)
        self.error = error


class OpenOrdersFound(OvhStop):
    """Orders placed since the account was read already name domains of the cart. ``found``:
    ``[(order_id, status, names)]``; ``seen``: the ids of every order looked at."""

    def __init__(self, message, found, seen):
        super().__init__(message, open_orders=[order_id for order_id, _status, _names in found])
        self.found = found
        self.seen = seen


def checkout_argument_spec() -> dict:
    """The price guard and payment options (documented in the ovhcloud.order.ovh.checkout fragment)."""
    return {
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


def checkout_options_problem(params: dict, prefix: str = '') -> str | None:
    """Why the price guard and payment options cannot be used together (None when they can): the
    one place these rules are written, for every module that checks out. ``prefix`` is put before the
    option names (a role's variables)."""
    if params.get('max_price') is None and not params.get('allow_any_price'):
        return ('%smax_price is required: the most this order may cost (%s); set %sallow_any_price=true to order at any price'
                % (prefix, params.get('price_basis', 'with_tax'), prefix))
    try:
        number(params.get('max_price'), prefix + 'max_price', minimum=0)
        payment_choice(params.get('auto_pay'), params.get('payment_method_id'), params.get('payment_mean'),
                       {name: prefix + name for name in ('auto_pay', 'payment_method_id', 'payment_mean')})
    except ValueError as exc:
        return str(exc)
    mean = params.get('payment_mean')
    if params.get('payment_mean_id') is not None and not mean:
        return '%spayment_mean_id is the id of a payment mean: set %spayment_mean too' % (prefix, prefix)
    if mean in order_utils.MEANS_NEEDING_ID and params.get('payment_mean_id') is None:
        return '%spayment_mean %s needs %spayment_mean_id (the id of that payment mean)' % (prefix, mean, prefix)
    return None


def payment_kind(options: dict) -> str:
    """``auto_pay``, ``payment_method``, ``payment_mean`` or ``none``."""
    if options.get('auto_pay'):
        return 'auto_pay'
    if options.get('payment_method_id') is not None:
        return 'payment_method'
    return 'payment_mean' if options.get('payment_mean') else 'none'


class CheckoutRun:
    """What a run that ends in :class:`CartCheckout` holds (an order, a renewal): its client, its requests,
    its options, the difference tracker, the step and warning callbacks, check mode and one order reader."""

    def __init__(self, client, requests, options: dict, tracker, step=cart_utils.no_step, warn=None, check_mode: bool = False):
        self.client = client
        self.requests = requests
        self.options = options
        self.tracker = tracker
        self.step = step
        self.warn = warn or (lambda message: None)
        self.check_mode = check_mode
        self.reader = order_utils.OrderReader(client)


class CartCheckout:
    """One checkout run. ``options``: ``max_price``, ``price_basis``, ``currency`` and the payment
    options of ovh_checkout. ``tracker`` records the before/after of the diff; ``step`` names API
    steps in errors; ``warn`` shows a warning; ``sleep`` is replaced by tests."""

    def __init__(self, client, options: dict, tracker, step=cart_utils.no_step, warn=None, check_mode: bool = False, reader=None,
                 sleep=time.sleep, on_checkout=None):
        self.client = client
        self.options = options
        self.tracker = tracker
        self.step = step
        self.warn = warn or (lambda message: None)
        self.check_mode = check_mode
        self.reader = reader or order_utils.OrderReader(client)
        self.payment = payment_kind(options)
        self.sleep = sleep
        self.on_checkout = on_checkout or (lambda: None)

    # -- the whole run ------------------------------------------------------------------------
    def run(self, cart_id: str, cart=None, domains=None, recheck_since=None, known_ids=(), check_owned: bool = True, recheck: bool = True,
            quote_guard=None) -> dict:
        """Check ``cart_id`` out once (or report the order a checked-out cart produced).

        ``cart``/``domains`` save reading them again. By default the domains must not be held by the
        account and no open order of the last 30 days may name them; with ``recheck_since`` (the
        time of a scan that already did that), only orders placed since then (but ``known_ids``)
        are looked at, and ``check_owned=False`` skips the ``GET /domain/{name}`` calls;
        ``recheck=False`` skips the look at the orders (a check-mode run on a temporary cart).
        ``quote_guard(quote)`` may stop the run on OVHcloud's quote (an approved plan), after the
        price guard and before the checkout."""
        if cart is None:
            with self.step('read cart %s' % cart_id):
                cart = cart_utils.get_cart(self.client, cart_id)
        if cart is None:
            raise OvhStop('Cart %s does not exist or has expired (OVHcloud deletes carts after their expiry date); nothing was ordered' % cart_id)
        if not cart.get('items'):
            raise OvhStop('Cart %s is empty: add domain names with ovhcloud.order.ovh_cart_domain first; nothing was ordered' % cart_id)
        if domains is None:
            with self.step('read the items of cart %s' % cart_id):
                domains = order_utils.cart_domains(self.client, cart_id, cart.get('items'))
        if not domains:
            raise OvhStop('Cart %s names no domain in its items or summary; this module checks out domain name carts only' % cart_id)
        domains = set(domains)
        result = {'domains': sorted(domains), 'quote': None, 'order': None}
        if cart.get('readOnly'):
            return dict(result, **self.checked_out(cart_id, domains))
        since = recheck_since - order_utils.RECHECK_MARGIN if recheck_since is not None else self.reader.now - order_utils.OPEN_ORDER_WINDOW

        def quote():
            try:
                with self.step('get the checkout quote (dry run) of cart %s' % cart_id):
                    return order_utils.normalize_quote(order_utils.preview_checkout(self.client, cart_id) or {})
            except OvhBadRequestError as exc:
                raise CheckoutRefused(cart_id, exc) from None

        # The dry run orders nothing, so it goes with the pre-checks; a pre-check that refuses wins.
        def precheck():
            return self.precheck(cart_id, domains, since, known_ids, check_owned)

        if recheck:
            seen, result['quote'] = map_concurrently(lambda task: task(), (precheck, quote))
            known_ids = set(known_ids) | seen
        else:
            result['quote'] = quote()
        self.guard_price(result['quote'])
        if self.options.get('payment_method_id') is not None:
            self.check_payment_method()
        if quote_guard is not None:
            quote_guard(result['quote'])
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

    def guard_price(self, quote):
        """Nothing above max_price, nor in another currency, on OVHcloud's quote."""
        prefix = self.options.get('name_prefix') or ''
        problem = order_utils.price_problem(quote, self.options['price_basis'], self.options.get('max_price'), self.options.get('currency'))
        if problem:
            raise OvhStop("Nothing was ordered: %s, by OVHcloud's quote (its dry run of the checkout). Raise %smax_price (or change %scurrency) "
                          "or order fewer domains." % (problem.replace('max_price', prefix + 'max_price'), prefix, prefix), quote=quote)

    # -- before the order ---------------------------------------------------------------------
    def precheck(self, cart_id, domains, since, known_ids, check_owned) -> set:
        """Stop when a domain is already held or has an open order; returns the ids of the orders seen."""
        names = ', '.join(sorted(domains))
        if check_owned:
            with self.step('find out whether the account already holds %s' % names):
                owned = cart_utils.owned_domains(self.client, sorted(domains))
            if owned:
                domain = sorted(owned)[0]
                raise OvhStop('%s is already held by this account (GET /domain/%s answers): remove it from cart %s; nothing was ordered'
                              % (domain, domain, cart_id))
        with self.step('look for open orders naming %s' % names):
            ids, records = self.reader.scan(since, exclude=known_ids)
        found = order_utils.open_orders_naming(records, domains)
        if found:
            orders = '; '.join('order %s (%s): %s' % (oid, status, ', '.join(found_names)) for oid, status, found_names in found)
            raise OpenOrdersFound('An open order already names these domains: %s. Checking out cart %s would order them twice, so nothing was '
                                  'ordered. Pay, cancel or let that order expire (ovhcloud.order.ovh_order_info order_id=... shows it), then run '
                                  'again.' % (orders, cart_id), found, set(ids))
        return set(ids)

    def check_orders(self) -> str:
        return CHECK_ORDERS_PLAYBOOK if self.options.get('name_prefix') else CHECK_ORDERS

    def check_payment_method(self, order=None):
        method_id = self.options['payment_method_id']
        with self.step('read payment method %s' % method_id):
            problem = order_utils.payment_method_problem(self.client, method_id)
        if problem:
            extra = {'order': order} if order else {}
            raise OvhStop('Cannot pay with payment_method_id: %s. %s' % (problem, 'Nothing was ordered.' if order is None else
                          'Order %s stays unpaid; choose another payment option.' % order['order_id']), **extra)

    def order_view(self, order_id, domains, quote=None):
        view = {'order_id': order_id, 'domains': domains, 'payment': self.payment}
        if quote:
            view['price'] = {basis: (quote.get(basis) or {}).get('text') for basis in ('with_tax', 'without_tax')}
        return view

    # -- the order ----------------------------------------------------------------------------
    def checkout(self, cart_id, domains, known_ids, since):
        """The one real checkout; returns (order, created)."""
        body = {'autoPayWithPreferredPaymentMethod': bool(self.options.get('auto_pay')),
                'waiveRetractationPeriod': bool(self.options.get('waive_retractation_period'))}
        self.on_checkout()
        try:
            with self.step('check out cart %s' % cart_id):
                created = order_utils.checkout_cart(self.client, cart_id, body)
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
            raise exc
        matches = []
        for attempt in range(LOOKUP_ATTEMPTS if read_only is not False else 1):
            if attempt:
                self.sleep(LOOKUP_DELAY)
            try:
                matches = self.reader.produced_by(domains, [oid for oid in self.reader.ids_since(since) if oid not in known_ids])
            except OvhError:
                matches = []
            if matches:
                break
        if not ambiguous and not matches:
            self.warn('Cart %s had already been checked out (this checkout was refused: %s); its order is reported.' % (cart_id, exc))
            return self.checked_out(cart_id, domains)['order'], False
        names = ', '.join(sorted(domains))
        if len(matches) != 1:
            cart_state = {None: 'cart %s could not be read' % cart_id, True: 'cart %s is now checked out (read-only)' % cart_id,
                          False: 'cart %s is still open, so most likely no order was placed' % cart_id}[read_only]
            if matches:
                found = '%d new orders name exactly %s (%s)' % (len(matches), names, ', '.join(map(str, matches)))
            else:
                found = 'no new order naming %s was found in /me/order' % names
            raise OvhStop('The checkout of cart %s failed: %s. No second checkout was sent, and the state of the order is unknown: %s, and %s. '
                          'Before running this again, %s.' % (cart_id, exc, cart_state, found, self.check_orders() % names),
                          failure=exc.to_dict(), orders_found=matches)
        self.warn('The checkout of cart %s failed (%s) after OVHcloud had placed the order: order %s is reported. '
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
            raise OvhStop('Cart %s was already checked out, but its order (naming exactly %s) was not found in the orders of the last %d days; '
                          'nothing was ordered again: %s.' % (cart_id, ', '.join(sorted(domains)), order_utils.OPEN_ORDER_WINDOW.days,
                                                              self.check_orders() % ', '.join(sorted(domains))))
        with self.step('read order %s' % matches[0]):
            order = dict(self.reader.describe(matches[0]), contracts=[], payment=self.payment)
        if order['status'] in order_utils.CANCELLED_STATUSES or not order['open'] and not order['paid']:
            self.warn('Order %s of cart %s is %s; prepare a new cart to order again' % (order['order_id'], cart_id, order['status']))
        elif order['status'] == 'notPaid' and self.payment in ('payment_method', 'payment_mean'):
            self.tracker.add('paid', False, True)
            if self.options.get('payment_method_id') is not None:
                self.check_payment_method(order)
            if self.check_mode:
                self.check_payment_mean(order)
            else:
                self.pay(order)
        elif order['status'] == 'notPaid':
            self.warn('Order %s is not paid: pay it at %s, or run this task with payment_method_id or payment_mean' % (order['order_id'], order['url']))
        return {'order': order}

    # -- paying -------------------------------------------------------------------------------
    def check_payment(self, order):
        """That the run's payment option can pay ``order`` (an unpaid order that exists), without paying."""
        if self.payment == 'auto_pay':
            self.default_method()
        elif self.payment == 'payment_method':
            self.check_payment_method(order)
        else:
            self.check_payment_mean(order)

    def default_method(self) -> int:
        """The account's default payment method, which auto_pay pays with."""
        with self.step('find the default payment method of the account'):
            method_id = order_utils.default_payment_method(self.client)
        if method_id is None:
            raise OvhStop('auto_pay pays with the default payment method of the account, and it has no valid one (GET '
                          '/me/payment/method?default=true); nothing was paid. Choose another payment option or pay in the OVHcloud manager.')
        return method_id

    def pay_now(self, order):
        """Pay an unpaid order that exists already (found by a scan); auto_pay pays it with the
        account's default payment method, as the checkout's auto-payment would have."""
        if self.payment == 'auto_pay':
            payer = CartCheckout(self.client, dict(self.options, auto_pay=False, payment_method_id=self.default_method()), self.tracker,
                                 self.step, self.warn, reader=self.reader)
            payer.pay(order)
            order['payment'] = 'auto_pay'
            return
        if self.payment == 'payment_method':
            self.check_payment_method(order)
        self.pay(order)

    def check_payment_mean(self, order):
        mean = self.options.get('payment_mean')
        if mean:
            with self.step('read the payment means order %s accepts' % order['order_id']):
                means = self.reader.payment_means(order['order_id'])
            if mean not in means:
                raise OvhStop('Order %s cannot be paid with payment_mean %s (it accepts: %s); it stays unpaid. Pay it at %s, or run this task again with '
                              'another payment option: it pays the existing order and never orders again.'
                              % (order['order_id'], mean, ', '.join(means) or 'none', order['url']), order=order)

    def refresh_status(self, order):
        try:
            order['status'] = self.reader.status(order['order_id'])
        except OvhError as exc:
            self.warn('Could not read the status of order %s: %s' % (order['order_id'], exc))
        order['paid'] = order['status'] in order_utils.PAID_STATUSES

    def pay(self, order):
        """Pay ``order`` as the options ask (if at all and if unpaid), then refresh its status."""
        order_id = order['order_id']
        options = self.options
        if self.payment in ('payment_method', 'payment_mean') and order['status'] is None:
            self.refresh_status(order)
        if self.payment in ('payment_method', 'payment_mean') and order['status'] in (None, 'notPaid'):
            self.check_payment_mean(order)
            how = ('payment method %s' % options['payment_method_id'] if self.payment == 'payment_method'
                   else 'payment mean %s' % options['payment_mean'])
            try:
                order_utils.pay_order(self.client, order_id, options.get('payment_method_id'), options.get('payment_mean'), options.get('payment_mean_id'))
            except OvhError as exc:
                state = ('whether it is paid is unknown: check its status with ovhcloud.order.ovh_order_info before paying it again'
                         if isinstance(exc, (OvhTransportError, OvhServerError)) else 'it is not paid')
                raise OvhStop('Failed to pay order %s with %s: %s. The order exists and %s; pay it at %s, or run this task again (with another '
                              'payment option if this one was refused): it pays the existing order if unpaid and never orders again.'
                              % (order_id, how, exc, state, order['url']), failure=exc.to_dict(), order=order) from None
        self.refresh_status(order)
        if self.payment == 'auto_pay' and order['status'] == 'notPaid':
            self.warn('auto_pay was asked, but order %s is not paid yet: OVHcloud may still be taking the payment, or the account has no '
                      'valid default payment method. Follow it with ovhcloud.order.ovh_order_info wait_for=paid.' % order_id)
