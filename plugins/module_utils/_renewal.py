# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The renewal of listed domains on request (ovh_domain_renew): every listed domain with the duration
the play names, all in one cart and one order, checked out by ``_checkout.CartCheckout`` like an
order (dry-run quote, ``max_price`` on the whole renewal, explicit consents, one POST, look-up after
an ambiguous failure).

When a domain is renewed. It must be held, renewable (OVHcloud offers a renewal option for it), not
past its expiry date, and the duration must be one OVHcloud offers for it. It is then *due* when its
expiry date falls before today + ``renew_if_expires_within`` days when that is given, else before
today + its duration ("hold it for at least the duration asked"). A renewal adds the duration to
the expiry date, which is then at least today + the duration, so a rerun after the delivery finds
nothing due: the new expiry date shows the renewal is done. Between the checkout and the delivery
the expiry date has not moved yet; then the open renewal order (the account's orders of the last 30
days, scanned as an order does) shows it, and the domain is reported ``renewal_pending``.

The API calls (``∥``: sent at once): ``GET /domain/{name}/serviceInfos`` ∥ ``GET
/order/cartServiceOption/domain/{name}`` per domain; when one is due, the orders of the last 30 days
∥ ``GET /me``; then ``POST /order/cart``, ``assign``, one ``POST /order/cartServiceOption/domain/{name}``
per domain to renew, and the checkout (``_checkout``). Check mode does the same on a temporary cart,
deleted at once, and stops at OVHcloud's dry run. A refusal before the checkout deletes the cart.
"""

from __future__ import annotations

import datetime

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _portfolio as portfolio
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import CartCheckout, CheckoutRun
from ansible_collections.ovhcloud.order.plugins.module_utils._claim import Claim, describe_claim
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import parse_datetime
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import normalize_domain, shown_name, unicode_domain, validate_duration
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError, OvhStop
from ansible_collections.ovhcloud.order.plugins.module_utils._format import domain_prices, format_amount


# -- input ---------------------------------------------------------------------------------------
def renewal_requests(entries, default_duration=None, option: str = 'domains') -> list:
    """``[{index, where, name, unicode, duration}]`` of ``[{name, duration}]`` entries; raises
    ValueError naming the option. A domain without a duration (its own or ``duration``) is refused."""
    if not isinstance(entries, list) or not entries:
        raise ValueError('%s must list at least one domain, such as [{name: example.com, duration: P1Y}]' % option)
    requests, seen = [], {}
    for index, entry in enumerate(entries):
        where = '%s[%d]' % (option, index)
        if not isinstance(entry, dict):
            raise ValueError('%s must be a dict with a name and a duration, got %r' % (where, entry))
        name = normalize_domain(entry.get('name'), where + '.name')
        if name in seen:
            raise ValueError('%s: %s is listed twice (also as %s[%d]); list each domain once' % (where, entry.get('name'), option, seen[name]))
        seen[name] = index
        duration = entry.get('duration') or default_duration
        if not duration:
            raise ValueError('%s (%s) names no duration: set %s.duration or duration. A domain is renewed only for a duration the play '
                             'names, so nothing was renewed' % (where, name, where))
        requests.append({'index': index, 'where': where, 'name': name, 'unicode': unicode_domain(name),
                         'duration': validate_duration(duration, where + '.duration' if entry.get('duration') else 'duration')})
    return requests


def check_window(days, requests, option: str = 'renew_if_expires_within') -> None:
    """``renew_if_expires_within`` must not be negative, nor longer than the shortest duration asked:
    a domain renewed for less than the window would still be in it, and be renewed again by the next run."""
    if days is None:
        return
    if days < 0:
        raise ValueError('%s must be a number of days, 0 or more, got %s' % (option, days))
    shortest = min(requests, key=lambda request: years(request['duration']))
    if days > 365 * years(shortest['duration']):
        raise ValueError('%s (%s days) is longer than the %s of %s (%s): a domain renewed for %s could still expire within %s days and '
                         'be renewed again on the next run. Use at most %d days, or a longer duration'
                         % (option, days, shortest['where'] + '.duration', shortest['name'], shortest['duration'], shortest['duration'], days,
                            365 * years(shortest['duration'])))


def years(duration: str) -> int:
    return int(duration[1:-1])


def add_years(day: datetime.date, count: int) -> datetime.date:
    try:
        return day.replace(year=day.year + count)
    except ValueError:  # 29 February
        return day.replace(year=day.year + count, day=28)


# -- the decision (pure) -------------------------------------------------------------------------
def decide(request, service, options, today: datetime.date, within=None) -> dict:
    """One domain's record: ``outcome`` ``refused`` (with ``reason``), ``not_due`` or ``due``."""
    name, duration = request['name'], request['duration']
    record = {'domain': name, 'domain_unicode': request['unicode'], 'duration': duration, 'outcome': 'due', 'reason': None,
              'expiration_date': None, 'days_left': None, 'new_expiration_date': None, 'price': None, 'currency': None,
              'price_with_tax': None, 'order_id': None, 'status': None}
    if service is None:
        return dict(record, outcome='refused', reason='%s: the account does not hold %s' % (request['where'] + '.name', name))
    try:
        expires = parse_datetime(service.get('expiration')).date()
    except (AttributeError, TypeError, ValueError):
        return dict(record, outcome='refused', reason='OVHcloud gives no expiry date for %s (serviceInfos.expiration is %r)'
                    % (name, service.get('expiration')))
    record.update(expiration_date=expires.isoformat(), days_left=(expires - today).days)
    offered = [entry['duration'] for entry in options]
    if not offered:
        return dict(record, outcome='refused', reason='OVHcloud offers no renewal for %s (service %s, renewal %s)'
                    % (name, service.get('status'), portfolio.renewal_mode(service.get('renew'))))
    periods = service.get('possibleRenewPeriod')
    if duration not in offered or (periods and portfolio.duration_months(duration) not in periods):
        allowed = [entry for entry in offered if not periods or portfolio.duration_months(entry) in periods]
        return dict(record, outcome='refused', reason='%s: OVHcloud renews %s for %s only, not %s'
                    % (request['where'] + '.duration' if request['where'] else 'duration', name, ', '.join(allowed), duration))
    if expires < today:
        return dict(record, outcome='refused', reason='%s expired on %s: a domain past its expiry date may need a restoration, which this '
                    'module does not order; renew it from the OVHcloud manager' % (name, expires.isoformat()))
    price = portfolio.price_for(options, duration)['price'] or {}
    record.update(price=price.get('value'), currency=price.get('currency'))
    limit = today + datetime.timedelta(days=within) if within is not None else add_years(today, years(duration))
    if expires > limit or (within is None and expires == limit):
        reason = ('expires on %s, more than %s days away (renew_if_expires_within)' % (expires, within) if within is not None
                  else 'expires on %s, already held for %s from today' % (expires, duration))
        return dict(record, outcome='not_due', reason=reason)
    return dict(record, new_expiration_date=add_years(expires, years(duration)).isoformat())


# -- the run -------------------------------------------------------------------------------------
class DomainRenewal(CheckoutRun):
    """One run. ``options``: ``renew_if_expires_within`` and the checkout options of ovh_checkout."""

    def __init__(self, client, requests, options: dict, tracker, step=cart_utils.no_step, warn=None, check_mode: bool = False):
        super().__init__(client, requests, options, tracker, step=step, warn=warn, check_mode=check_mode)
        self.scanned_at = None

    def run(self) -> dict:
        names = [request['name'] for request in self.requests]
        found = portfolio.PortfolioReader(self.client, self.step).read(names, ('service', 'options'))
        options = {name: portfolio.normalize_renewal_options(found['options'][name]) for name in names}
        today = self.reader.now.date()
        records = [decide(request, found['service'][request['name']], options[request['name']], today,
                          self.options.get('renew_if_expires_within')) for request in self.requests]
        refused = [record['reason'] for record in records if record['outcome'] == 'refused']
        if refused:
            raise OvhStop('Nothing was renewed: %s.' % '; '.join(refused), **self.result(records))
        due = [record for record in records if record['outcome'] == 'due']
        if not due:
            return self.finish(records)
        scan_ids, subsidiary = self.read_account(records, due)
        due = [record for record in due if record['outcome'] == 'due']
        if not due:
            return self.finish(records)
        wanted = [request for request in self.requests if request['name'] in {record['domain'] for record in due}]
        self.tracker.add('expiration_dates', {record['domain']: record['expiration_date'] for record in due},
                         {record['domain']: record['new_expiration_date'] for record in due})
        if self.check_mode:
            with cart_utils.temporary_cart(self.client, subsidiary, self.step) as cart:
                outcome = self.checkout(cart['cartId'], wanted, options, scan_ids)
            return self.finish(records, outcome, None)
        # The run's cart is its claim on the domains (see _claim): two runs at once renew each domain once.
        claim = Claim(self.client, [request['name'] for request in wanted], self.step)
        try:
            with self.step('create the cart of this renewal'):
                claim.create(subsidiary)
            yielded = claim.settle(claim.read_claims())
            for record in records:
                if record['domain'] in yielded:
                    record.update(outcome='renewal_pending', new_expiration_date=None, reason=describe_claim(yielded[record['domain']]))
            wanted = [request for request in wanted if request['name'] not in yielded]
            if not wanted:
                claim.drop()
                return self.finish(records)
            outcome = self.checkout(claim.cart_id, wanted, options, scan_ids)
        except (OvhStop, OvhError) as exc:
            # After an ambiguous checkout, or once an order exists, the cart is left as it is.
            if not {'orders_found', 'order'} & set(getattr(exc, 'result', {})):
                self.drop_cart(claim.cart_id)
            if isinstance(exc, OvhStop) and claim.cart is not None:
                exc.result.update(self.result(records, cart=self.cart_view(claim.cart, wanted)))
            raise
        return self.finish(records, outcome, self.cart_view(claim.cart, wanted))

    def read_account(self, records, due):
        """The open orders of the last 30 days (a renewal ordered but not yet delivered) and the subsidiary."""
        self.scanned_at = self.reader.now
        since = self.scanned_at - order_utils.OPEN_ORDER_WINDOW
        with self.step('read the orders of the last %d days and the account' % order_utils.DEFAULT_WINDOW_DAYS):
            (scan_ids, open_orders), subsidiary = map_concurrently(lambda task: task(), (
                lambda: self.reader.scan(since), lambda: cart_utils.account_subsidiary(self.client)))
        for order_id, status, found in order_utils.open_orders_naming(open_orders, [record['domain'] for record in due]):
            for record in records:
                if record['domain'] in found and record['outcome'] == 'due':
                    record.update(outcome='renewal_pending', order_id=order_id, status=status, new_expiration_date=None,
                                  reason='order %s (%s) renews it; the expiry date moves when OVHcloud delivers it' % (order_id, status))
        return scan_ids, subsidiary

    def checkout(self, cart_id, wanted, options, scan_ids) -> dict:
        """Put the renewals in the cart, then check it out once (in check mode: OVHcloud's dry run)."""
        def add(request):
            entry = portfolio.price_for(options[request['name']], request['duration'])
            body = {'cartId': cart_id, 'duration': request['duration'], 'planCode': entry['plan_code'], 'pricingMode': entry['pricing_mode'],
                    'quantity': 1}
            return cart_utils.normalize_item(cart_utils.add_renewal(self.client, request['name'], body))

        with self.step('add the renewal of %s to cart %s' % (', '.join(request['name'] for request in wanted), cart_id)):
            items = map_concurrently(add, wanted)
        checkout = CartCheckout(self.client, self.options, self.tracker, self.step, self.warn, check_mode=self.check_mode, reader=self.reader)
        return checkout.run(cart_id, cart={'cartId': cart_id, 'items': [item['item_id'] for item in items]},
                            domains={request['name'] for request in wanted}, recheck_since=self.scanned_at, known_ids=scan_ids, check_owned=False)

    def drop_cart(self, cart_id):
        if cart_id is None:
            return
        try:
            cart_utils.delete_cart(self.client, cart_id)
        except OvhError as exc:
            self.warn('Could not delete cart %s after the failure (it expires within a day): %s' % (cart_id, exc))

    @staticmethod
    def cart_view(cart, wanted) -> dict:
        return {'cart_id': cart['cartId'], 'description': cart.get('description')}

    # -- results --------------------------------------------------------------------------------
    def finish(self, records, outcome=None, cart=None) -> dict:
        order = (outcome or {}).get('order')
        quote = (outcome or {}).get('quote')
        if quote:
            with_tax = domain_prices(quote.get('details') or ())
            rate = self.tax_rate(quote)
            for record in records:
                if record['domain'] in with_tax and rate is not None:
                    record['price_with_tax'] = round(with_tax[record['domain']][0] * rate, 2)
        for record in records:
            if record['outcome'] == 'due':
                record['outcome'] = 'would_renew' if self.check_mode else 'renewed'
                if order:
                    record.update(order_id=order['order_id'], status=order.get('status'))
        self.tracker.add('renewed', [], sorted(record['domain'] for record in records if record['outcome'] in ('renewed', 'would_renew')))
        return self.result(records, cart=cart, quote=quote, order=order)

    @staticmethod
    def tax_rate(quote):
        with_tax, without_tax = (quote.get('with_tax') or {}).get('value'), (quote.get('without_tax') or {}).get('value')
        return with_tax / without_tax if with_tax is not None and without_tax else None

    def result(self, records, cart=None, quote=None, order=None) -> dict:
        keys = ('order_id', 'status', 'paid', 'payment', 'url', 'prices', 'domains', 'contracts')
        result = {'domains': records, 'cart': cart, 'quote': quote, 'order': {key: order.get(key) for key in keys} if order else None}
        result['summary'] = summary_lines(result, self.check_mode)
        return result


def summary_lines(result, check_mode: bool) -> list:
    """What the run did, for a person: a header, then a line per domain."""
    records = result['domains']
    renewing = [record for record in records if record['outcome'] in ('renewed', 'would_renew')]
    header = '%s%d domain(s), %d %s' % ('Check mode, nothing was renewed: ' if check_mode else '', len(records), len(renewing),
                                        'to renew' if check_mode else 'renewed in this order')
    prices = ((result.get('order') or {}).get('prices') or result.get('quote') or {})
    with_tax = prices.get('with_tax') or {}
    if renewing and with_tax.get('value') is not None:
        header += ', %s with tax, each domain for its whole duration' % format_amount(with_tax['value'], with_tax.get('currency'))
    lines = [header + '.']
    for record in records:
        name = shown_name(record['domain_unicode'], record['domain'])
        line = '%-30s %-15s expires %s' % (name, record['outcome'], record['expiration_date'] or '-')
        if record['new_expiration_date']:
            line += ' -> %s (%s' % (record['new_expiration_date'], record['duration'])
            if record['price'] is not None:
                line += ', %s' % format_amount(record['price'], record['currency'])
                if record['price_with_tax'] is not None:
                    line += ', %s with tax' % format_amount(record['price_with_tax'], record['currency'])
            line += ')'
        if record['reason'] and record['outcome'] != 'renewed':
            line += '  %s' % record['reason']
        lines.append(line)
    order = result.get('order')
    if order:
        state = ('paid' if order.get('paid') else 'payment requested (%s)' % order['payment'] if order.get('payment') not in (None, 'none')
                 else 'not paid: pay it at %s' % order.get('url'))
        lines.append('Order %s: %s with tax, %s.' % (order['order_id'], ((order.get('prices') or {}).get('with_tax') or {}).get('text'), state))
    return lines
