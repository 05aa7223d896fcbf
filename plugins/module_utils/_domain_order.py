# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The order of a list of domain names in one run (ovh_domain_order): read the account once, plan
with ``_planner``, then act in bulk on one cart and check it out once with ``_checkout``.

The API calls, in order (a fresh order of one domain; ``∥`` marks calls sent at once):

1. ``GET /domain/{name}`` per domain: already held?
2. ``GET /me/order?date.from=`` ∥ ``GET /order/cart?description=`` ∥ ``GET /me`` (subsidiary, only
   when a cart may have to be created); then one status per order of the window (see ``_order``);
3. the cart: the one a failed run left (same description), else a new one (``POST``, ``assign``);
4. one ``GET .../domain?domain=`` per domain to order (the offers), then the guards;
5. one ``POST .../domain`` per missing item; its answer prices the item for its whole duration;
   the price guard on the items' total;
6. one ``POST .../configuration`` per label to set;
7. the checkout (``_checkout``): orders placed since step 2, the dry run, the price guard on the
   quote, ``POST .../checkout`` once, the status.

Check mode stops after step 5, on a temporary cart deleted at once, with the cart's summary for the
prices with tax. A guard that refuses deletes the cart this run created (a cart left by an earlier
run stays, for the next run to resume).
"""

from __future__ import annotations

import datetime
import hashlib
import time

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import CartCheckout
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils import _contact as contact_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhBadRequestError, OvhError, OvhStop

CART_PREFIX = 'ovhcloud.order domain_order '


def cart_description(names) -> str:
    """The description of the cart of a set of names: a rerun after a failure finds the same cart."""
    return CART_PREFIX + hashlib.sha1(','.join(sorted(names)).encode('utf-8')).hexdigest()[:12]


class DomainOrder:
    """One run. ``options``: ``owner_legal_age``, ``allow_premium``, ``max_price``, ``price_basis``,
    ``currency``, ``ovh_subsidiary``, ``open_order_window`` (days) and the payment options of
    ovh_checkout."""

    def __init__(self, client, requests, options: dict, tracker, step=cart_utils.no_step, warn=None, check_mode: bool = False,
                 progress=None):
        self.client = client
        self.progress = progress or (lambda line: None)
        self.requests = requests
        self.options = options
        self.tracker = tracker
        self.step = step
        self.warn = warn or (lambda message: None)
        self.check_mode = check_mode
        self.reader = order_utils.OrderReader(client)
        self.created_cart = None
        self.subsidiary = options.get('ovh_subsidiary')
        # Owner contacts found, created (or, in check mode, to create): what the summary tells.
        self.contacts = []

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> dict:
        names = [request['name'] for request in self.requests]
        with self.step('find out whether the account holds %s' % ', '.join(names)):
            owned = cart_utils.owned_domains(self.client, names)
        remaining = [name for name in names if name not in owned]
        window = datetime.timedelta(days=self.options.get('open_order_window') or order_utils.DEFAULT_WINDOW_DAYS)
        scanned_at = self.reader.now
        result = {'cart': None, 'order': None, 'quote': None, 'scanned_at': format_datetime(scanned_at)}
        if not remaining:
            return self.finish(result, planner.decide_account(self.requests, owned, []))
        self.progress('%d of %d domain(s) not in the account yet: %s' % (len(remaining), len(names), ', '.join(remaining)))
        scan_ids, open_orders, carts = self.read_account(scanned_at - window, remaining)
        decisions = planner.decide_account(self.requests, owned, open_orders)
        to_order = [decision['request']['name'] for decision in decisions if decision['outcome'] == 'to_order']
        if not to_order:
            return self.finish(result, decisions)
        description = cart_description(to_order)
        if set(to_order) != set(remaining):
            with self.step('find the cart described %r' % description):
                carts = cart_utils.find_carts(self.client, description, scanned_at)
        found = carts[0] if carts else None
        decisions = self.owners_and_eligibility(decisions)
        if self.check_mode:
            return self.preview(result, decisions, found, description)
        cart = found or self.create_cart(description)
        result['cart'] = {'cart_id': cart['cartId'], 'description': description, 'resumed': found is not None}
        try:
            decisions, items = self.prepare(cart, decisions, found is not None)
        except (OvhStop, OvhError):
            self.drop_created_cart()
            raise
        configured = self.configure(cart['cartId'], decisions, items)
        checkout = CartCheckout(self.client, self.options, self.tracker, self.step, self.warn, reader=self.reader)
        try:
            outcome = checkout.run(cart['cartId'], cart={'cartId': cart['cartId'], 'items': [item['item_id'] for item in items.values()]},
                                   domains=set(to_order), recheck_since=scanned_at, known_ids=scan_ids, check_owned=False)
        except OvhBadRequestError as exc:
            if 'quote' not in (getattr(exc, 'step', None) or ''):
                raise
            self.refused_by_registry(cart['cartId'], items, configured, exc, decisions)
        result['quote'], order = outcome['quote'], outcome['order']
        if result['quote']:
            decisions = planner.price_decisions(decisions, self.item_prices(items), self.totals(result['quote']))
        result['order'] = order_summary(order)
        self.progress('order %s placed for %s: %s with tax, %s' % (
            order['order_id'], ', '.join(order['domains']), ((order.get('prices') or {}).get('with_tax') or {}).get('text'),
            'paid' if order.get('paid') else 'payment: %s' % order.get('payment')))
        return self.finish(result, decisions, order)

    def read_account(self, since, remaining):
        """The open orders of the window, the carts a failed run may have left, and the subsidiary,
        read at once."""
        description = cart_description(remaining)
        tasks = [lambda: self.reader.scan(since), lambda: cart_utils.find_carts(self.client, description, self.reader.now)]
        if self.subsidiary is None:
            tasks.append(lambda: cart_utils.account_subsidiary(self.client))
        days = self.options.get('open_order_window') or order_utils.DEFAULT_WINDOW_DAYS
        with self.step('read the orders of the last %d days, the carts and the account' % days):
            answers = map_concurrently(lambda task: task(), tasks)
        if self.subsidiary is None:
            self.subsidiary = answers[2]
        scan_ids, open_orders = answers[0]
        return scan_ids, open_orders, answers[1]

    # -- owners and eligibility, before any cart ----------------------------------------------
    def owners_and_eligibility(self, decisions) -> list:
        """For the domains to order with a known owner: find (or, in a real run, create) the owner's
        contact and ask OVHcloud's rules whether that owner may hold the domain. Refusals stop the run
        before any cart exists; in check mode no contact is created."""
        chosen = [decision for decision in decisions if decision['outcome'] == 'to_order']
        with_fields = [decision['request'] for decision in chosen if decision['request'].get('owner')]
        with_path = sorted({decision['request']['labels']['OWNER_CONTACT'] for decision in chosen
                            if not decision['request'].get('owner') and decision['request']['labels'].get('OWNER_CONTACT')})
        if not with_fields and not with_path:
            return decisions
        contacts, by_path = [], {}
        with self.step('read the domain contacts of the account'):
            if with_fields:
                contacts = contact_utils.list_contacts(self.client)
            if with_path:
                by_path = dict(zip(with_path, map_concurrently(lambda path: contact_utils.path_contact(self.client, path), with_path)))
        for request in with_fields:
            found = contact_utils.find_contact(contacts, request['owner'])
            request['owner_contact'] = contact_utils.path_of(found['id']) if found else None

        def owner_data(request):
            if request.get('owner'):
                return request['owner']
            contact = by_path.get(request['labels'].get('OWNER_CONTACT'))
            return {key: value for key, value in contact.items() if key != 'id' and value is not None} if contact else None

        checked = [decision for decision in chosen if owner_data(decision['request']) is not None]

        def check(decision):
            request = decision['request']
            return contact_utils.check_eligibility(self.client, request['name'], request.get('action') or 'create', owner_data(request),
                                                   request['labels'])

        with self.step('check with the registries\' rules that the owner may hold %s' % ', '.join(d['request']['name'] for d in checked)):
            verdicts = dict(zip((decision['request']['name'] for decision in checked), map_concurrently(check, checked)))
        refused = [name for name, violations in verdicts.items() if violations]
        rules = {}
        if refused:
            actions = {decision['request']['name']: decision['request'].get('action') or 'create' for decision in checked}
            with self.step('read the registries\' rules for %s' % ', '.join(refused)):
                rules = dict(zip(refused, map_concurrently(lambda name: contact_utils.rule_of(self.client, name, actions[name]), refused)))
        decisions = planner.decide_eligibility(decisions, verdicts, rules, self.options)
        self.stop_on_refusals(decisions)
        self.create_contacts(with_fields)
        return decisions

    def create_contacts(self, requests):
        """Create the owner contacts that do not exist yet (one per distinct owner), and give each
        domain its ``OWNER_CONTACT``. In check mode, nothing is created."""
        missing = {}
        for request in requests:
            if request['owner_contact'] is None:
                missing.setdefault(repr(sorted(request['owner'].items())), []).append(request)
        for group in missing.values():
            if self.check_mode:
                self.progress('would create the owner contact of %s' % ', '.join(request['name'] for request in group))
                self.contacts.append({'owner_contact': None, 'created': True, 'domains': [request['name'] for request in group]})
                continue
            with self.step('create the owner contact of %s' % ', '.join(request['name'] for request in group)):
                created = self.client.post('/domain/contact', body=group[0]['owner'])
            self.tracker.add('contact %s' % created['id'], None, contact_utils.path_of(created['id']))
            self.progress('owner contact %s created for %s' % (contact_utils.path_of(created['id']), ', '.join(r['name'] for r in group)))
            for request in group:
                request['owner_contact'] = contact_utils.path_of(created['id'])
            self.contacts.append({'owner_contact': contact_utils.path_of(created['id']), 'created': True,
                                  'domains': [request['name'] for request in group]})
        for request in requests:
            if request['owner_contact'] is not None:
                request['labels']['OWNER_CONTACT'] = request['owner_contact']
            else:
                request['labels']['OWNER_CONTACT'] = '(a contact to create)'

    # -- the plan on a cart -------------------------------------------------------------------
    def plan_on(self, cart_id, decisions, require_complete):
        """Stage 2 of the plan: the offers, read through ``cart_id``; refusals stop the run."""
        names = [decision['request']['name'] for decision in decisions if decision['outcome'] == 'to_order']
        with self.step('read the offer for %s' % ', '.join(names)):
            offers = cart_utils.read_offers(self.client, cart_id, names)
        options = dict(self.options, require_complete=require_complete)
        decisions = planner.decide_offers(decisions, offers, options)
        self.stop_on_refusals(decisions)
        return decisions

    def stop_on_refusals(self, decisions, problem=None):
        refused = [decision for decision in decisions if decision['outcome'] == 'refused']
        if not refused and not problem:
            return
        reasons = [decision['reason'] for decision in refused] + ([problem] if problem else [])
        raise OvhStop('Nothing was ordered: %s.' % '; '.join(reasons), **self.records_of(decisions))

    def add_items(self, cart_id, decisions, existing):
        """Make the cart hold one item per domain to order, as planned; returns domain → item."""
        wanted = {decision['request']['name']: (decision['request']['duration'], decision['offer']['pricing_mode'])
                  for decision in decisions if decision['outcome'] == 'would_order'}
        keep, remove = cart_utils.plan_items(existing, wanted)
        remove += [item for item in existing if item['domain'] not in wanted]
        if remove:
            with self.step('remove %d item(s) that no longer match from cart %s' % (len(remove), cart_id)):
                map_concurrently(lambda item: cart_utils.remove_item(self.client, cart_id, item['item_id']), remove)
        missing = [decision for decision in decisions if decision['outcome'] == 'would_order' and decision['request']['name'] not in keep]

        def add(decision):
            request = decision['request']
            body = cart_utils.add_body(request['name'], request['duration'], decision['offer'])
            return cart_utils.add_item(self.client, cart_id, body)

        if missing:
            with self.step('add %s to cart %s' % (', '.join(decision['request']['name'] for decision in missing), cart_id)):
                added = map_concurrently(add, missing)
            keep.update({item['domain']: dict(item, new=True) for item in added})
        return keep

    @staticmethod
    def item_prices(items) -> dict:
        return {domain: cart_utils.total_of(item['prices']) for domain, item in items.items()}

    @staticmethod
    def totals(summary) -> tuple | None:
        with_tax, without_tax = (summary or {}).get('with_tax') or {}, (summary or {}).get('without_tax') or {}
        if with_tax.get('value') is None or without_tax.get('value') is None:
            return None
        return without_tax['value'], with_tax['value']

    def prepare(self, cart, decisions, resumed):
        """Offers, guards and items on the order's cart (real run)."""
        cart_id = cart['cartId']
        decisions = self.plan_on(cart_id, decisions, require_complete=True)
        existing = []
        if resumed and cart.get('items'):
            with self.step('read the items of cart %s' % cart_id):
                existing = [cart_utils.normalize_item(item) for item in cart_utils.get_items(self.client, cart_id, cart['items'])]
        items = self.add_items(cart_id, decisions, existing)
        decisions = planner.price_decisions(decisions, self.item_prices(items))
        self.stop_on_refusals(decisions, planner.budget_problem(decisions, self.options))
        self.tracker.add('items', sorted(item['domain'] for item in existing),
                         sorted(items))
        return decisions, items

    def configure(self, cart_id, decisions, items):
        """Set each item's configurations as planned (only what differs on a resumed item)."""
        wanted = {decision['request']['name']: {label: decision['request']['labels'].get(label, 'true') for label in decision['labels']}
                  for decision in decisions if decision['outcome'] == 'would_order'}

        def configure_item(domain):
            item = items[domain]
            current = [] if item.get('new') else cart_utils.get_configurations(self.client, cart_id, item['item_id'], item['configurations'])
            to_delete, to_create = cart_utils.plan_configurations(current, wanted[domain])
            created = cart_utils.apply_configurations(self.client, cart_id, item['item_id'], to_delete, to_create)
            return [entry for entry in current if entry not in to_delete] + created

        domains = sorted(wanted)
        with self.step('configure %s in cart %s' % (', '.join(domains), cart_id)):
            final = dict(zip(domains, map_concurrently(configure_item, domains)))
        self.tracker.add('configured', [], [domain for domain in domains if items[domain].get('new') or final[domain] != wanted[domain]])
        return final

    def refused_by_registry(self, cart_id, items, configured, exc, decisions):
        """OVHcloud's dry run refused the cart (only the registry can: a wrong transfer code, an owner
        it does not accept). Nothing was ordered; the cart is kept for a rerun, without its transfer codes."""
        codes = [(items[domain]['item_id'], entry) for domain, entries in configured.items() for entry in entries
                 if entry['label'] in cart_utils.SECRET_LABELS and entry.get('id') is not None]
        if codes:
            with self.step('remove the transfer codes from cart %s' % cart_id):
                map_concurrently(lambda pair: cart_utils.apply_configurations(self.client, cart_id, pair[0], [pair[1]], []), codes)
        kept = ' The transfer code%s of %s %s removed from the cart.' % (
            's' if len(codes) > 1 else '', ', '.join(sorted(domain for domain, entries in configured.items()
                                                            if any(entry['label'] in cart_utils.SECRET_LABELS for entry in entries))),
            'were' if len(codes) > 1 else 'was') if codes else ''
        codes_given = ', '.join(planner.request_option(decision['request'], self.options, 'auth_info') for decision in decisions
                                if 'AUTH_INFO' in decision['request'].get('labels', {}))
        raise OvhStop('OVHcloud refused the order at its dry run (GET /order/cart/%s/checkout): %s. Nothing was ordered.%s Correct what the '
                      'message names (for a transfer, the code from the current registrar: %s) and run the same playbook again: it '
                      'resumes cart %s.' % (cart_id, exc, kept, codes_given or 'auth_info', cart_id), failure=exc.to_dict(),
                      cart={'cart_id': cart_id, 'description': None, 'resumed': False}, **self.records_of(decisions)) from None

    def records_of(self, decisions) -> dict:
        result = {'domains': [planner.outcome_record(decision) for decision in decisions], 'contacts': self.contacts}
        result['summary'] = summary_lines(result, self.check_mode)
        return result

    # -- carts --------------------------------------------------------------------------------
    def create_cart(self, description):
        cart = cart_utils.create_cart(self.client, self.subsidiary or self.account_subsidiary(), description, step=self.step)
        self.created_cart = cart['cartId']
        self.tracker.add('cart', None, description)
        return cart

    def account_subsidiary(self):
        with self.step("read the account's subsidiary"):
            self.subsidiary = cart_utils.account_subsidiary(self.client)
        return self.subsidiary

    def drop_created_cart(self):
        """After a refusal, delete the cart this run created: nothing of the run is left."""
        if self.created_cart is None:
            return
        try:
            cart_utils.delete_cart(self.client, self.created_cart)
        except OvhError as exc:
            self.warn('Could not delete cart %s after the refusal (it expires within a day): %s' % (self.created_cart, exc))
        self.tracker.add('cart', None, None)

    def preview(self, result, decisions, found, description):
        """Check mode: the plan and its prices, read through a temporary cart."""
        warnings = []
        result['cart'] = {'cart_id': found['cartId'] if found else None, 'description': description, 'resumed': found is not None}
        with cart_utils.temporary_cart(self.client, self.subsidiary or self.account_subsidiary(), self.step, warnings) as cart:
            decisions = self.plan_on(cart['cartId'], decisions, require_complete=False)
            items = self.add_items(cart['cartId'], decisions, [])
            with self.step('read the summary of the temporary cart %s' % cart['cartId']):
                summary = cart_utils.get_summary(self.client, cart['cartId'])
        for warning in warnings:
            self.warn(warning)
        decisions = planner.price_decisions(decisions, self.item_prices(items), self.totals(summary))
        with_tax = (summary or {}).get('with_tax') or {}
        self.stop_on_refusals(decisions, planner.budget_problem(decisions, self.options, with_tax.get('value')))
        result['quote'] = summary
        return self.finish(result, decisions)

    def finish(self, result, decisions, order=None) -> dict:
        records = []
        for decision in decisions:
            ordered = order if order is not None and decision['outcome'] == 'would_order' else None
            records.append(planner.outcome_record(decision, ordered))
        planned = sorted(record['domain'] for record in records if record['outcome'] in ('would_order', 'ordered'))
        self.tracker.add('ordered', [], planned)
        result = dict(result, domains=records, polls={}, contacts=self.contacts)
        if self.options.get('wait_for', 'none') != 'none' and not self.check_mode:
            try:
                self.wait(result, order)
            except OvhStop as exc:
                exc.result['summary'] = summary_lines(exc.result, self.check_mode)
                raise
        result['summary'] = summary_lines(result, self.check_mode)
        return result

    # -- waiting ------------------------------------------------------------------------------
    def orders_to_wait_for(self, records, order) -> list:
        """(order id, its domains) of the new order when it is being paid, and of the paid open
        orders found by the scan: what ``wait_for`` waits for."""
        targets = {}
        if order is not None and (order.get('paid') or order.get('payment') in ('auto_pay', 'payment_method', 'payment_mean')):
            targets[order['order_id']] = list(order.get('domains') or [])
        for record in records:
            if record['outcome'] == 'order_pending' and record['paid']:
                targets.setdefault(record['order_id'], []).append(record['domain'])
        return sorted(targets.items())

    def wait(self, result, order) -> None:
        """Wait (``wait_for``: paid or delivered) for the orders of :meth:`orders_to_wait_for`, within
        ``wait_timeout`` seconds in all; the records of their domains become ``delivered``."""
        target = self.options['wait_for']
        started = time.monotonic()
        timeout = self.options.get('wait_timeout', 1800)
        for order_id, domains in self.orders_to_wait_for(result['domains'], order):
            remaining = max(0.0, timeout - (time.monotonic() - started))
            with self.step('wait for order %s to be %s' % (order_id, target)):
                ok, polls, message = order_utils.wait_for_order(
                    self.reader, order_id, target, remaining, self.options.get('poll_interval', 30),
                    list_domains=(lambda: self.client.get('/domain')) if target == 'delivered' else None, domains=domains,
                    on_poll=lambda oid, poll: self.progress('order %s: %s after %ss' % (oid, poll['status'], poll['elapsed'])))
            result['polls'][str(order_id)] = polls
            status = polls[-1]['status'] if polls else None
            for record in result['domains']:
                if record['order_id'] == order_id:
                    record['status'] = status
                    record['paid'] = status in order_utils.PAID_STATUSES
                    if ok and target == 'delivered':
                        record['outcome'] = 'delivered'
            if not ok:
                raise OvhStop(self.wait_message(order_id, status, message, timeout), **result)

    def wait_message(self, order_id, status, message, timeout) -> str:
        if status in order_utils.STOP_MESSAGES:
            return message + ' Run the same playbook again once that is done: it never orders twice.'
        # The wait's own message starts with its timeout (what is left of wait_timeout): keep its advice only.
        advice = message.split('. ', 1)[1] if '. ' in message else ''
        return ('Order %s is not %s after %s s (%s); its last status is %s. The order is placed and goes on without Ansible: run the '
                'same playbook again to wait for it (it never orders twice), or follow it with ovhcloud.order.ovh_order_info order_id=%s. %s'
                % (order_id, self.options['wait_for'], _seconds(timeout), planner.option_name(self.options, 'wait_timeout'), status,
                   order_id, advice)).strip()


def _amount(value, currency) -> str:
    return '%.2f %s' % (value, currency or '') if value is not None else ''


def summary_lines(result, check_mode: bool) -> list:
    """What the run did, for a person: a header, one line per domain, the new order."""
    records = result.get('domains') or []
    new = [record for record in records if record['outcome'] in ('would_order', 'ordered', 'delivered') and record['price'] is not None]
    counted = [record for record in records if record['outcome'] in ('would_order', 'ordered', 'delivered')]
    currencies = '/'.join(sorted({record['currency'] for record in new if record['currency']}))
    header = '%s%d domain(s), ' % ('Check mode, nothing was ordered: ' if check_mode else '', len(records))
    if counted:
        header += '%d %s' % (len(counted), 'to order' if check_mode else 'in this order')
        if new:
            header += ', %s without tax' % _amount(sum(record['price'] for record in new), currencies)
            with_tax = [record['price_with_tax'] for record in new if record['price_with_tax'] is not None]
            if len(with_tax) == len(new):
                header += ' (%s with tax)' % _amount(sum(with_tax), currencies)
            header += ', each domain for its whole duration'
    else:
        header += 'nothing to order'
    refused = [record for record in records if record['outcome'] == 'refused']
    if refused:
        header += ', %d refused' % len(refused)
    lines = [header + '.']
    for record in records:
        name = record['domain_unicode'] if record['domain_unicode'] != record['domain'] else record['domain']
        line = '%-30s %-14s %-16s %s' % (name, record['outcome'], 'order %s' % record['order_id'] if record['order_id'] is not None else '-',
                                         _amount(record['price'], record['currency']))
        line = line.rstrip()
        if record['outcome'] == 'order_pending':
            line += '  status %s' % record['status']
        if record['outcome'] in ('ordered', 'order_pending') and not record['paid'] and record['url']:
            line += '  pay at %s' % record['url']
        if record['missing']:
            line += '  missing %s' % ','.join(record['missing'])
        if record['price'] is not None and record['outcome'] != 'order_pending':
            details = [record['duration']]
            if record['price_with_tax'] is not None:
                details.append('%s with tax' % _amount(record['price_with_tax'], record['currency']))
            line += '  (%s)' % ', '.join(details)
        if record['outcome'] == 'refused':
            line += '  %s' % record['reason']
        lines.append(line)
    order = result.get('order')
    if order:
        prices = order.get('prices') or {}
        with_tax, without_tax = prices.get('with_tax') or {}, prices.get('without_tax') or {}
        state = ('paid' if order.get('paid') else 'payment requested (%s)' % order['payment'] if order.get('payment') not in (None, 'none')
                 else 'not paid: pay it at %s' % order.get('url'))
        without = '%.2f' % without_tax['value'] if without_tax.get('value') is not None else '?'
        total = _amount(with_tax.get('value'), with_tax.get('currency'))
        lines.append('Order %s: %s with tax (%s without), %s.' % (order['order_id'], total, without, state))
    for contact in result.get('contacts') or ():
        if contact['owner_contact'] is None:
            lines.append('An owner contact would be created for %s (none of the account has these fields).' % ', '.join(contact['domains']))
        else:
            lines.append('Owner contact %s created for %s.' % (contact['owner_contact'], ', '.join(contact['domains'])))
    if any(record['missing'] for record in records):
        lines.append('Missing configurations must be given before a real run (see the role documentation).')
    return lines


def _seconds(value) -> str:
    return '%d' % value if float(value).is_integer() else '%s' % value


def order_summary(order) -> dict | None:
    """The new order as ovh_domain_order returns it."""
    if order is None:
        return None
    keys = ('order_id', 'status', 'paid', 'payment', 'url', 'prices', 'domains', 'contracts')
    return {key: order.get(key) for key in keys}
