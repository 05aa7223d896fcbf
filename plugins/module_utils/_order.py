# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Order helpers shared by ovh_checkout and ovh_order_info: the checkout quote and the orders of
``/me/order`` as plain dicts, the lookup of the orders that name a set of domains, the
classification of an order's status, waiting for an order, and paying one.

Nothing here imports ``AnsibleModule``. Functions take the shared client; decisions that a module
turns into a failure come back as values (a message, a list of matches), not as exceptions.
"""

from __future__ import annotations

import datetime
import time
from decimal import Decimal, InvalidOperation

from ansible_collections.ovhcloud.order.plugins.module_utils._cart import (
    format_datetime, get_items, item_domain, normalize_price, normalize_summary, parse_datetime, utcnow,
)
from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError, OvhNotFoundError

# order.CurrencyCodeEnum
CURRENCY_CODES = ('AUD', 'CAD', 'CZK', 'EUR', 'GBP', 'INR', 'LTL', 'MAD', 'N/A', 'PLN', 'SGD', 'TND', 'USD', 'XOF', 'points')
# billing.ReusablePaymentMeanEnum
PAYMENT_MEANS = (
    'CREDIT_CARD', 'CURRENT_ACCOUNT', 'DEFERRED_PAYMENT_ACCOUNT', 'DOMESTIC_CARD', 'ENTERPRISE', 'INTERNAL_TRUSTED_ACCOUNT', 'PAYPAL',
    'RUPAY', 'SEPA_DIRECT_DEBIT', 'bankAccount', 'creditCard', 'deferredPaymentAccount', 'fidelityAccount', 'ovhAccount', 'paypal',
)
# The registered payment means the seed guide says need their paymentMeanId.
MEANS_NEEDING_ID = ('bankAccount', 'creditCard', 'paypal')
# billing.order.OrderStatusEnum, split by what they mean for the buyer.
PAID_STATUSES = frozenset(('checking', 'delivering', 'delivered'))
CANCELLED_STATUSES = frozenset(('cancelled', 'cancelling'))
# How far back the checkout looks for open orders naming the domains of its cart.
OPEN_ORDER_WINDOW = datetime.timedelta(days=30)

_IGNORED_DETAIL_DOMAINS = frozenset(('', '*'))


def server_now(client) -> datetime.datetime:
    """The API's current time (local time corrected by the client's ``/auth/time`` delta), so that
    ``date.from`` windows do not depend on the local clock."""
    try:
        delta = client.time_delta
    except OvhError:  # no /auth/time answer: the local clock will do
        delta = 0
    return utcnow() + datetime.timedelta(seconds=delta or 0)


# -- plain dicts ----------------------------------------------------------------------------------
def _quantity(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def detail_domain(detail: dict) -> str | None:
    domain = str(detail.get('domain') or '').strip().rstrip('.').lower()
    return None if domain in _IGNORED_DETAIL_DOMAINS else domain


def normalize_detail(detail: dict) -> dict:
    """One detail line of an order (``order.OrderDetail`` or ``billing.OrderDetail``)."""
    return {
        'domain': detail_domain(detail),
        'description': detail.get('description'),
        'detail_type': detail.get('detailType'),
        'quantity': _quantity(detail.get('quantity')),
        'unit_price': normalize_price(detail.get('unitPrice')),
        'total_price': normalize_price(detail.get('totalPrice')),
    }


def details_domains(details) -> set:
    """The domains named by detail lines (the automatic DNS zone lines name the same domain)."""
    return {domain for domain in (detail_domain(detail) for detail in details or ()) if domain}


def normalize_contracts(contracts) -> list:
    """The contracts of an ``order.Order``: name and URL (the full terms stay behind the URL)."""
    return [{'name': contract.get('name'), 'url': contract.get('url')} for contract in contracts or () if isinstance(contract, dict)]


def normalize_checkout_order(order: dict) -> dict:
    """The order a real checkout returns (an ``order.Order``), in the shape of
    :meth:`OrderReader.describe` plus its ``contracts``; the status is read separately."""
    summary = normalize_summary(order) or {}
    details = order.get('details') or ()
    return {
        'order_id': order.get('orderId'),
        'date': None,
        'expiration_date': None,
        'status': None,
        'open': True,
        'paid': False,
        'url': order.get('url'),
        'prices': {'with_tax': summary.get('with_tax'), 'without_tax': summary.get('without_tax'), 'tax': summary.get('tax')},
        'details': [normalize_detail(detail) for detail in details],
        'domains': sorted(details_domains(details)),
        'payment_means': None,
        'contracts': normalize_contracts(order.get('contracts')),
    }


def normalize_quote(order: dict) -> dict:
    """The dry-run checkout (an ``order.Order``) as the ``quote`` of ovh_checkout."""
    summary = normalize_summary(order) or {}
    with_tax = summary.get('with_tax') or {}
    return {
        'with_tax': summary.get('with_tax'),
        'without_tax': summary.get('without_tax'),
        'tax': summary.get('tax'),
        'currency': with_tax.get('currency'),
        'details': [normalize_detail(detail) for detail in order.get('details') or ()],
        'contracts': normalize_contracts(order.get('contracts')),
    }


def quote_amount(quote: dict, price_basis: str):
    """(amount as Decimal, currency) of a quote on the ``with_tax``/``without_tax`` basis."""
    price = quote.get(price_basis) or {}
    try:
        amount = Decimal(str(price.get('value')))
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    return amount, price.get('currency')


def price_problem(quote: dict, price_basis: str, max_price=None, currency=None) -> str | None:
    """Why a quote must not be ordered: no total, another currency than ``currency``, or above
    ``max_price`` on the ``price_basis``; None when it may."""
    amount, quoted_currency = quote_amount(quote, price_basis)
    if amount is None:
        return 'the quote has no %s total' % price_basis
    shown = '%s %s %s' % (amount, quoted_currency, price_basis.replace('_', ' '))
    if currency and quoted_currency != currency:
        return 'the quote is %s, but currency is %s' % (shown, currency)
    if max_price is not None and amount > Decimal(str(max_price)):
        return 'the order would cost %s, above max_price %s %s' % (shown, Decimal(str(max_price)), currency or quoted_currency)
    return None


def classify(status: str | None, expiration_date=None, now=None) -> str:
    """``delivered``, ``cancelled``, ``expired`` (unpaid past its expiration date) or ``open``.

    An unknown or missing status counts as open: it may still turn into a delivery."""
    if status == 'delivered':
        return 'delivered'
    if status in CANCELLED_STATUSES:
        return 'cancelled'
    if status == 'notPaid':
        try:
            expires = parse_datetime(expiration_date)
        except (TypeError, ValueError):
            expires = None
        if expires is not None and expires < (now or utcnow()):
            return 'expired'
    return 'open'


def cart_domains(client, cart_id: str) -> set:
    """The domains of a cart: its items' ``settings.domain``, or its summary's detail lines when an
    item does not name one."""
    domains = {item_domain(item) for item in get_items(client, cart_id)}
    if None in domains or not domains:
        summary = client.get(api_path('/order/cart/{}/summary', cart_id)) or {}
        domains = details_domains(summary.get('details'))
    return domains


# -- reading orders -------------------------------------------------------------------------------
class OrderReader:
    """Reads ``/me/order`` for one module run; details and orders are cached, statuses are not."""

    def __init__(self, client):
        self.client = client
        self._orders: dict = {}
        self._details: dict = {}
        self._now = None

    @property
    def now(self) -> datetime.datetime:
        """The API's time at the first use, which decides whether an unpaid order has expired."""
        if self._now is None:
            self._now = server_now(self.client)
        return self._now

    def ids_since(self, since: datetime.datetime) -> list:
        """The ids of the orders made since ``since``, newest (highest id) first."""
        ids = self.client.get('/me/order', query={'date.from': format_datetime(since)}) or []
        return sorted((int(order_id) for order_id in ids), reverse=True)

    def status(self, order_id) -> str:
        return self.client.get(api_path('/me/order/{}/status', order_id))

    def order(self, order_id) -> dict:
        if order_id not in self._orders:
            self._orders[order_id] = self.client.get(api_path('/me/order/{}', order_id)) or {}
        return self._orders[order_id]

    def details(self, order_id) -> list:
        if order_id not in self._details:
            lines = []
            for detail_id in self.client.get(api_path('/me/order/{}/details', order_id)) or ():
                try:
                    lines.append(self.client.get(api_path('/me/order/{}/details/{}', order_id, detail_id)))
                except OvhNotFoundError:
                    continue
            self._details[order_id] = lines
        return self._details[order_id]

    def domains(self, order_id) -> set:
        return details_domains(self.details(order_id))

    def payment_means(self, order_id) -> list:
        """The registered payment means this order can be paid with."""
        means = self.client.get(api_path('/me/order/{}/availableRegisteredPaymentMean', order_id)) or ()
        return [entry.get('paymentMean') for entry in means if isinstance(entry, dict)]

    def describe(self, order_id, status: str | None = None) -> dict:
        """An order as the modules return it. ``status`` saves a call when it was just read."""
        raw = self.order(order_id)
        status = status if status is not None else self.status(order_id)
        lifecycle = classify(status, raw.get('expirationDate'), self.now)
        return {
            'order_id': int(raw.get('orderId', order_id)),
            'date': raw.get('date'),
            'expiration_date': raw.get('expirationDate'),
            'status': status,
            'open': lifecycle == 'open',
            'paid': status in PAID_STATUSES,
            'url': raw.get('url'),
            'prices': {
                'with_tax': normalize_price(raw.get('priceWithTax')),
                'without_tax': normalize_price(raw.get('priceWithoutTax')),
                'tax': normalize_price(raw.get('tax')),
            },
            'details': [normalize_detail(detail) for detail in self.details(order_id)],
            'domains': sorted(self.domains(order_id)),
            'payment_means': self.payment_means(order_id) if status == 'notPaid' and lifecycle == 'open' else None,
        }

    def naming(self, domain: str, since: datetime.datetime) -> list:
        """The ids of the orders since ``since`` whose details name ``domain``, newest first."""
        return [order_id for order_id in self.ids_since(since) if domain in self.domains(order_id)]

    def open_orders_naming(self, domains, ids) -> list:
        """Among ``ids``, the open orders that name any of ``domains``: ``[(order_id, status, names)]``."""
        found = []
        for order_id in ids:
            status = self.status(order_id)
            if classify(status) != 'open':
                continue
            names = self.domains(order_id) & set(domains)
            if names and classify(status, self.order(order_id).get('expirationDate'), self.now) == 'open':
                found.append((order_id, status, sorted(names)))
        return found

    def produced_by(self, domains, ids, first: bool = False) -> list:
        """Among ``ids`` (newest first), the orders whose details name exactly ``domains``; with
        ``first``, stop at the first (newest) one found."""
        wanted = set(domains)
        found = []
        for order_id in ids:
            if self.domains(order_id) == wanted:
                found.append(order_id)
                if first:
                    break
        return found


# -- paying ---------------------------------------------------------------------------------------
def payment_method_problem(client, method_id) -> str | None:
    """Why the registered payment method ``method_id`` cannot pay (None when it is VALID)."""
    try:
        method = client.get(api_path('/me/payment/method/{}', method_id)) or {}
    except OvhNotFoundError:
        return 'payment method %s does not exist in this account (see GET /me/payment/method)' % method_id
    if method.get('status') != 'VALID':
        return 'payment method %s (%s) is %s, not VALID' % (method_id, method.get('paymentType') or 'unknown type', method.get('status'))
    return None


def pay_order(client, order_id, method_id=None, mean=None, mean_id=None) -> None:
    """Pay an order with a payment method (``/pay``) or a registered payment mean."""
    if method_id is not None:
        client.post(api_path('/me/order/{}/pay', order_id), body={'paymentMethod': {'id': int(method_id)}})
    else:
        body = {'paymentMean': mean}
        if mean_id is not None:
            body['paymentMeanId'] = int(mean_id)
        client.post(api_path('/me/order/{}/payWithRegisteredPaymentMean', order_id), body=body)


# -- waiting --------------------------------------------------------------------------------------
STOP_MESSAGES = {
    'cancelled': 'Order {id} was cancelled: it will not be delivered. Order again from a new cart if you still want {what}.',
    'cancelling': 'Order {id} is being cancelled: it will not be delivered. Order again from a new cart once it is cancelled if you still '
                  'want {what}.',
    'documentsRequested': 'OVHcloud asks for documents before it goes on with order {id}: send them from the OVHcloud manager '
                          '(Billing, My orders) or answer the e-mail OVHcloud sent, then wait again.',
}


def wait_for_order(reader: OrderReader, order_id, target: str, timeout: float, interval: float, list_domains=None,
                   sleep=time.sleep, clock=time.monotonic) -> tuple:
    """Poll an order's status until it is ``paid`` or ``delivered`` (and, for ``delivered``, until
    ``list_domains()`` holds every domain of the order).

    Returns ``(ok, polls, message)``: ``polls`` lists ``{elapsed, status}`` (and ``missing_domains``
    once delivered), ``message`` says why the wait failed."""
    start = clock()
    polls = []
    while True:
        status = reader.status(order_id)
        poll = {'elapsed': round(clock() - start, 1), 'status': status}
        polls.append(poll)
        if status in STOP_MESSAGES:
            what = ', '.join(sorted(reader.domains(order_id))) or 'its products'
            return False, polls, STOP_MESSAGES[status].format(id=order_id, what=what)
        done = status in PAID_STATUSES if target == 'paid' else status == 'delivered'
        if done and target == 'delivered' and list_domains is not None:
            missing = sorted(reader.domains(order_id) - {str(name).lower() for name in list_domains() or ()})
            poll['missing_domains'] = missing
            done = not missing
        if done:
            return True, polls, None
        remaining = timeout - (clock() - start)
        if remaining <= 0:
            return False, polls, _timeout_message(reader, order_id, target, timeout, poll)
        sleep(min(interval, remaining))


def _timeout_message(reader: OrderReader, order_id, target: str, timeout: float, poll: dict) -> str:
    message = 'Timed out after %ss waiting for order %s to be %s; last status seen: %s.' % (timeout, order_id, target, poll['status'])
    if poll.get('missing_domains'):
        message += ' The order is delivered but %s is not yet in GET /domain; wait again.' % ', '.join(poll['missing_domains'])
    elif poll['status'] == 'notPaid':
        url = reader.order(order_id).get('url')
        message += (' The order is not paid and nothing will pay it: pay it at %s, or run ovhcloud.order.ovh_checkout again on its cart '
                    'with payment_method_id or payment_mean (it pays the existing order and never orders twice).' % (url or 'the OVHcloud manager'))
    else:
        message += ' OVHcloud is still processing it; wait again with a longer timeout.'
    return message
