# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Paying an unpaid order an earlier run left, when this run gives a payment option: the guards
first (max_price on the order's own total, no premium or aftermarket name without allow_premium),
then one payment per order, through the checkout's payment code (``_checkout``)."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import CartCheckout
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._format import normalize_price


def _is_premium_domain(plan: dict) -> bool:
    """Whether an order line's plan is a domain at a premium or aftermarket price."""
    return cart_utils.is_premium(plan.get('pricingMode')) and plan.get('product', {}).get('name', 'domain') == 'domain'


class PendingPayments:
    """``options``: the payment options, ``max_price``, ``price_basis``, ``currency``, ``allow_premium``."""

    def __init__(self, client, reader, options, tracker, step, warn, progress, check_mode: bool):
        self.client = client
        self.reader = reader
        self.options = options
        self.tracker = tracker
        self.step = step
        self.warn = warn
        self.progress = progress
        self.check_mode = check_mode

    def pay(self, decisions) -> list:
        """Pay the unpaid orders ``decide_payments`` chose (``to_pay``), once each, after the guards;
        in check mode, say that it would. A guard that says no makes the order's decisions ``refused``."""
        orders = {}
        for decision in decisions:
            if decision['outcome'] == 'to_pay':
                orders.setdefault(decision['order']['order_id'], decision['order'])
        if not orders:
            return decisions
        paid = {}
        for order_id, record in sorted(orders.items()):
            problem = self.payment_problem(record)
            if problem:
                decisions = planner.refuse_payment(decisions, order_id, problem)
                continue
            paid[order_id] = self.pay_existing(record)
        return planner.settle_payments(decisions, paid, self.check_mode)

    def payment_problem(self, record) -> str | None:
        """Why this run must not pay an unpaid order it found: above the price limit, another
        currency, or a premium or aftermarket name without allow_premium."""
        order_id = record['order_id']
        with self.step('read order %s and what it orders' % order_id):
            raw = self.reader.order(order_id)
            lines = [line for line in self.reader.details(order_id) if line.get('orderDetailId') is not None]
            extensions = map_concurrently(lambda line: order_utils.detail_plan(self.client, order_id, line['orderDetailId']), lines)
        quote = {'with_tax': normalize_price(raw.get('priceWithTax')), 'without_tax': normalize_price(raw.get('priceWithoutTax'))}
        problem = order_utils.price_problem(quote, self.options.get('price_basis') or 'with_tax', self.options.get('max_price'),
                                            self.options.get('currency'))
        if problem:
            return 'order %s is not paid: %s (%s)' % (order_id, problem, planner.option_name(self.options, 'max_price'))
        premium = sorted({line.get('domain') for line, plan in zip(lines, extensions) if _is_premium_domain(plan or {})})
        if premium and not self.options.get('allow_premium'):
            return 'order %s buys %s at a premium or aftermarket price; set %s=true to pay it' % (
                order_id, ', '.join(premium), planner.option_name(self.options, 'allow_premium'))
        return None

    def pay_existing(self, record) -> dict:
        """Pay one unpaid order (or, in check mode, check that it could be); returns its state."""
        checkout = CartCheckout(self.client, self.options, self.tracker, self.step, self.warn, check_mode=self.check_mode, reader=self.reader)
        order = dict(record, status='notPaid', paid=False, payment=checkout.payment)
        self.tracker.add('order %s paid' % record['order_id'], False, True)
        if self.check_mode:
            checkout.check_payment(order)
            self.progress('would pay order %s (%s)' % (record['order_id'], ', '.join(record['domains'])))
            return order
        checkout.pay_now(order)
        self.progress('order %s paid (%s): %s' % (record['order_id'], checkout.payment, order['status']))
        return order
