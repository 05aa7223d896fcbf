# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Orders: the checkout quote and the orders of ``/me/order`` as plain dicts, the one scan of the
account's recent orders, the classification of an order's status, waiting for an order, and
paying one.

Nothing here imports ``AnsibleModule``. Functions take the shared client; decisions that a module
turns into a failure come back as values (a message, a list of matches), not as exceptions.

Cost of a scan (``OrderReader.scan``): one ``GET /me/order`` for the window, then one status per
order; only an order that can still be open (not delivered, not cancelled) costs more: its detail
lines (to know its domains) and, when unpaid, the order itself (its expiration date and URL).
"""

from __future__ import annotations

import datetime
import threading
import time
from decimal import Decimal, InvalidOperation

from ansible_collections.ovhcloud.order.plugins.module_utils._cart import get_items, item_domain, normalize_summary
from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime, parse_datetime, server_now, utcnow
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import canonical_domain
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._format import normalize_price

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
# Statuses after which an order never opens again: nothing more needs reading to rule it out.
SETTLED_STATUSES = frozenset(('delivered',)) | CANCELLED_STATUSES
# How far back the account is searched for open orders naming the domains to order, by default.
DEFAULT_WINDOW_DAYS = 30
OPEN_ORDER_WINDOW = datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
# Orders are dated by the API's clock; a re-check "since the scan" starts this much earlier, and
# skips the orders the scan has already seen, so that no clock difference can hide a new order.
RECHECK_MARGIN = datetime.timedelta(minutes=10)


# -- plain dicts ----------------------------------------------------------------------------------
def _quantity(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def normalize_detail(detail: dict) -> dict:
    """One detail line of an order (``order.OrderDetail`` or ``billing.OrderDetail``)."""
    return {
        'domain': canonical_domain(detail.get('domain')),
        'description': detail.get('description'),
        'detail_type': detail.get('detailType'),
        'quantity': _quantity(detail.get('quantity')),
        'unit_price': normalize_price(detail.get('unitPrice')),
        'total_price': normalize_price(detail.get('totalPrice')),
    }


def details_domains(details) -> set:
    """The domains named by detail lines (the automatic DNS zone lines name the same domain)."""
    return {domain for domain in (canonical_domain(detail.get('domain')) for detail in details or ()) if domain}


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
    if amount is not None and not amount.is_finite():
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


def preview_checkout(client, cart_id: str):
    """``GET /order/cart/{cartId}/checkout``: OVHcloud's dry run of the checkout (an ``order.Order``), as answered."""
    return client.get(api_path('/order/cart/{}/checkout', cart_id))


def checkout_cart(client, cart_id: str, body: dict):
    """``POST /order/cart/{cartId}/checkout``: the real order (an ``order.Order``), as answered.

    Money: never retried (``safe`` stays False, and the client refuses ``safe=True`` for this call);
    the caller sends it at most once per run and looks the order up after an ambiguous failure."""
    return client.post(api_path('/order/cart/{}/checkout', cart_id), body=body)


def cart_domains(client, cart_id: str, item_ids=None) -> set:
    """The domains of a cart: its items' ``settings.domain``, or its summary's detail lines when an
    item does not name one."""
    domains = {item_domain(item) for item in get_items(client, cart_id, item_ids)}
    if None in domains or not domains:
        summary = client.get(api_path('/order/cart/{}/summary', cart_id)) or {}
        domains = details_domains(summary.get('details'))
    return domains


# -- reading orders -------------------------------------------------------------------------------
class OrderReader:
    """Reads ``/me/order`` for one module run; orders and details are cached, statuses are not.

    Safe to use from the threads of ``map_concurrently``."""

    def __init__(self, client):
        self.client = client
        self._orders: dict = {}
        self._details: dict = {}
        self._now = None
        self._lock = threading.Lock()

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
            raw = self.client.get(api_path('/me/order/{}', order_id)) or {}
            with self._lock:
                self._orders[order_id] = raw
        return self._orders[order_id]

    def details(self, order_id) -> list:
        if order_id not in self._details:
            detail_ids = self.client.get(api_path('/me/order/{}/details', order_id)) or ()

            def read(detail_id):
                try:
                    return self.client.get(api_path('/me/order/{}/details/{}', order_id, detail_id))
                except OvhNotFoundError:
                    return None

            lines = [line for line in map_concurrently(read, list(detail_ids)) if line is not None]
            with self._lock:
                self._details[order_id] = lines
        return self._details[order_id]

    def domains(self, order_id) -> set:
        return details_domains(self.details(order_id))

    def payment_means(self, order_id) -> list:
        """The registered payment means this order can be paid with."""
        means = self.client.get(api_path('/me/order/{}/availableRegisteredPaymentMean', order_id)) or ()
        return [entry.get('paymentMean') for entry in means if isinstance(entry, dict)]

    def describe(self, order_id, status: str | None = None, details: bool = True) -> dict:
        """An order as the modules return it. ``status`` saves a call when it was just read; the
        order and its status are read concurrently. Without ``details``, the detail lines are not
        read and ``details``/``domains`` are None."""
        if status is None:
            raw, status = map_concurrently(lambda read: read(order_id), (self.order, self.status))
        else:
            raw = self.order(order_id)
        lifecycle = classify(status, raw.get('expirationDate'), self.now)
        lines = [normalize_detail(detail) for detail in self.details(order_id)] if details else None
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
            'details': lines,
            'domains': sorted(details_domains(self.details(order_id))) if details else None,
            'payment_means': self.payment_means(order_id) if details and status == 'notPaid' and lifecycle == 'open' else None,
        }

    def naming(self, domains, since: datetime.datetime) -> list:
        """The ids of the orders since ``since`` whose details name any of ``domains``, newest first.

        Reads the details of every order of the window; :meth:`scan` is the cheap way to find the
        open ones."""
        wanted = {domains} if isinstance(domains, str) else set(domains)
        ids = self.ids_since(since)
        named = map_concurrently(lambda order_id: bool(self.domains(order_id) & wanted), ids)
        return [order_id for order_id, hit in zip(ids, named) if hit]

    def scan(self, since: datetime.datetime, exclude=()) -> tuple[list, list]:
        """The account's orders since ``since`` (but those in ``exclude``), and the open ones.

        Returns (every id seen, open records). A record is ``{order_id, status, paid, url, domains,
        details}``; ``details`` are raw lines, for prices. See the module docstring for the cost."""
        excluded = set(exclude)
        ids = [order_id for order_id in self.ids_since(since) if order_id not in excluded]
        statuses = map_concurrently(self.status, ids)
        candidates = [(order_id, status) for order_id, status in zip(ids, statuses) if status not in SETTLED_STATUSES]

        def examine(candidate):
            order_id, status = candidate
            raw = self.order(order_id) if status == 'notPaid' else {}
            if classify(status, raw.get('expirationDate'), self.now) != 'open':
                return None
            lines = self.details(order_id)
            return {'order_id': order_id, 'status': status, 'paid': status in PAID_STATUSES, 'url': raw.get('url'),
                    'domains': sorted(details_domains(lines)), 'details': lines}

        records = [record for record in map_concurrently(examine, candidates) if record is not None]
        return ids, records

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


def open_orders_naming(records, domains) -> list:
    """``[(order_id, status, names)]`` of the open order records that name any of ``domains``."""
    wanted = set(domains)
    return [(record['order_id'], record['status'], sorted(set(record['domains']) & wanted))
            for record in records if set(record['domains']) & wanted]


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


def default_payment_method(client):
    """The id of the account's default payment method when it is VALID, else None."""
    for method_id in client.get('/me/payment/method', query={'default': True}) or ():
        if payment_method_problem(client, method_id) is None:
            return int(method_id)
    return None


def detail_plan(client, order_id, detail_id) -> dict | None:
    """What an order's detail line buys (``order.plan``: ``code``, ``pricingMode``, ``product.name``),
    from its BETA ``/extension`` route; None where the API has no such route (the US API)."""
    try:
        answer = client.get(api_path('/me/order/{}/details/{}/extension', order_id, detail_id)) or {}
    except OvhNotFoundError:
        return None
    return (answer.get('order') or {}).get('plan')


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


class WaitOutcome:
    """How a wait ended: ``ok``, the ``polls`` (``{elapsed, status}``, and ``missing_domains`` once
    delivered), ``ended`` (None when ``ok``; ``timeout``, or the kind of order that cannot reach the
    state asked: ``unpaid``, ``expired``, ``cancelled``, ``documents``), and for a failed wait the
    ``message`` (what happened) and the ``advice`` (what to do), kept apart for callers that name
    their own options."""

    def __init__(self, ok, polls, ended=None, message=None, advice=None):
        self.ok = ok
        self.polls = polls
        self.ended = ended
        self.message = message
        self.advice = advice

    @property
    def status(self):
        return self.polls[-1]['status'] if self.polls else None

    def text(self) -> str | None:
        return ' '.join(part for part in (self.message, self.advice) if part) or None


UNPAID_ADVICE = ('Pay it at {url}, or run the order again with a payment option (payment_method_id, payment_mean or auto_pay of '
                 'ovhcloud.order.ovh_domain_order; domain_order_payment_method_id, domain_order_payment_mean or domain_order_auto_pay of the '
                 'domain_order role and its playbook): it pays order {id} and never orders twice.')


def wait_for_order(reader: OrderReader, order_id, target: str, timeout: float, interval: float, list_domains=None,
                   sleep=time.sleep, clock=time.monotonic, domains=None, on_poll=None, unpaid_advice=UNPAID_ADVICE) -> WaitOutcome:
    """Poll an order's status (one call a poll) until it is ``paid`` or ``delivered`` (and, for
    ``delivered``, until ``list_domains()`` holds every domain of the order: ``domains`` when given,
    else its detail lines, read once).

    The wait ends at the first poll that shows the order cannot get there: unpaid (nothing pays an
    order while it is waited for; ``unpaid_advice`` says how to, with ``{url}`` and ``{id}``),
    expired unpaid, cancelled, or held for documents. ``on_poll(order_id, poll)`` is called after
    each poll (to show progress)."""
    start = clock()
    polls = []
    expected = set(domains) if domains is not None else None
    while True:
        status = reader.status(order_id)
        poll = {'elapsed': round(clock() - start, 1), 'status': status}
        polls.append(poll)
        done = status in PAID_STATUSES if target == 'paid' else status == 'delivered'
        if done and target == 'delivered' and list_domains is not None:
            if expected is None:
                expected = reader.domains(order_id)
            poll['missing_domains'] = sorted(expected - {str(name).lower() for name in list_domains() or ()})
            done = not poll['missing_domains']
        if on_poll is not None:
            on_poll(order_id, poll)
        if status in STOP_MESSAGES:
            what = ', '.join(sorted(expected if expected is not None else reader.domains(order_id))) or 'its products'
            ended = 'documents' if status == 'documentsRequested' else 'cancelled'
            return WaitOutcome(False, polls, ended, STOP_MESSAGES[status].format(id=order_id, what=what))
        if status == 'notPaid':
            return _unpaid(reader, order_id, target, polls, unpaid_advice)
        if done:
            return WaitOutcome(True, polls)
        remaining = timeout - (clock() - start)
        if remaining <= 0:
            return _timed_out(order_id, target, timeout, polls)
        sleep(min(interval, remaining))


def _unpaid(reader: OrderReader, order_id, target, polls, advice) -> WaitOutcome:
    raw = reader.order(order_id)
    if classify('notPaid', raw.get('expirationDate'), reader.now) == 'expired':
        return WaitOutcome(False, polls, 'expired', 'Order %s expired unpaid on %s: it will never be %s.' % (order_id, raw.get('expirationDate'), target),
                           'Order again: a new run finds no open order and orders the domains anew.')
    return WaitOutcome(False, polls, 'unpaid', 'Order %s is not paid and nothing is paying it, so it cannot become %s however long it is '
                       'waited for.' % (order_id, target), advice.format(url=raw.get('url') or 'the OVHcloud manager (Billing, My orders)', id=order_id))


def _timed_out(order_id, target: str, timeout: float, polls) -> WaitOutcome:
    poll = polls[-1]
    message = 'Timed out after %ss waiting for order %s to be %s; last status seen: %s.' % (timeout, order_id, target, poll['status'])
    if poll.get('missing_domains'):
        advice = 'The order is delivered but %s is not yet in GET /domain; wait again.' % ', '.join(poll['missing_domains'])
    else:
        advice = 'OVHcloud is still processing it; wait again with a longer timeout.'
    return WaitOutcome(False, polls, 'timeout', message, advice)
