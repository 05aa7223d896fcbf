# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The order of a list of domain names in one run (ovh_domain_order): read the account once, plan
with ``_planner``, then act in bulk on one cart and check it out once with ``_checkout``.

The API calls, in order (a fresh order of one domain; ``∥`` marks calls sent at once):

1. ``GET /domain/{name}`` per domain: already held?
2. ``GET /me/order?date.from=`` ∥ ``GET /me`` (the subsidiary, when not given); then one status per
   order of the window (see ``_order``); an unpaid order for the domains is paid when the run gives
   a payment option (and nothing else happens to its domains);
3. the run's cart, which is its claim on its domains (``_claim``): ``POST``, ``assign``;
4. ``GET .../domain?domain=`` per domain to order (the offers) ∥ ``GET /order/cart`` (the claims
   of other runs); when another run claims a domain too, the bakery of ``_claim`` decides which run
   orders it (one ``PUT`` of the description and a few reads more);
5. the guards; one ``POST .../domain`` per domain; its answer prices the item for its whole
   duration; the price guard on the items' total;
6. the owner contacts to create (only now that the run knows it orders their domains), then one
   ``POST .../configuration`` per label to set;
7. the checkout (``_checkout``): orders placed since step 2 ∥ the dry run, the price guard on the
   quote, ``POST .../checkout`` once, the payment, the status.

Check mode stops after step 5, on a temporary cart deleted at once, with the cart's summary for the
prices with tax. A run deletes its own cart whenever it ends without an order (a refusal, an error,
a domain another run orders), and never writes to a cart it did not create.
"""

from __future__ import annotations

import datetime
import time

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import CartCheckout, CheckoutRefused, OpenOrdersFound
from ansible_collections.ovhcloud.order.plugins.module_utils._claim import Claim, describe_claim
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils import _contact as contact_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError, OvhStop


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
        self.subsidiary = options.get('ovh_subsidiary')
        # Owner contacts found, created (or, in check mode, to create): what the summary tells.
        self.contacts = []
        self.checkout_sent = False

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
        scan_ids, open_orders = self.read_account(scanned_at - window)
        decisions = planner.decide_payments(planner.decide_account(self.requests, owned, open_orders), open_orders, self.options)
        decisions = self.pay_pending(decisions)
        if not any(decision['outcome'] == 'to_order' for decision in decisions):
            return self.finish(result, decisions)
        decisions = self.owners_and_eligibility(decisions)
        if self.check_mode:
            return self.preview(result, decisions)
        claim = Claim(self.client, [d['request']['name'] for d in decisions if d['outcome'] == 'to_order'], self.step)
        try:
            with self.step('create the cart of this order'):
                claim.create(self.subsidiary or self.account_subsidiary())
            result['cart'] = {'cart_id': claim.cart_id, 'description': claim.cart['description']}
            decisions, items = self.prepare(claim, decisions)
            if items:
                self.tracker.add('cart', None, claim.cart_id)
                result, decisions, order = self.check_out(claim, result, decisions, items, scan_ids, scanned_at)
            else:
                order = None
        except BaseException:
            self.drop_claim(claim)
            raise
        if order is None:
            self.drop_claim(claim)
            result['cart'] = None
            return self.finish(result, decisions)
        result['order'] = order_summary(order)
        self.progress('order %s placed for %s: %s with tax, %s' % (
            order['order_id'], ', '.join(order['domains']), ((order.get('prices') or {}).get('with_tax') or {}).get('text'),
            'paid' if order.get('paid') else 'payment: %s' % order.get('payment')))
        return self.finish(result, decisions, order)

    def read_account(self, since):
        """The open orders of the window and the subsidiary, read at once."""
        tasks = [lambda: self.reader.scan(since)]
        if self.subsidiary is None:
            tasks.append(lambda: cart_utils.account_subsidiary(self.client))
        days = self.options.get('open_order_window') or order_utils.DEFAULT_WINDOW_DAYS
        with self.step('read the orders of the last %d days and the account' % days):
            answers = map_concurrently(lambda task: task(), tasks)
        if self.subsidiary is None:
            self.subsidiary = answers[1]
        return answers[0]

    # -- an unpaid order of an earlier run ------------------------------------------------------
    def pay_pending(self, decisions) -> list:
        """Pay the unpaid orders ``decide_payments`` chose (``to_pay``), once each, after the guards;
        in check mode, say that it would."""
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
        decisions = planner.settle_payments(decisions, paid, self.check_mode)
        self.stop_on_refusals(decisions)
        return decisions

    def payment_problem(self, record) -> str | None:
        """Why this run must not pay an unpaid order it found: above the price limit, another
        currency, or a premium or aftermarket name without allow_premium."""
        order_id = record['order_id']
        with self.step('read order %s and what it orders' % order_id):
            raw = self.reader.order(order_id)
            lines = [line for line in self.reader.details(order_id) if line.get('orderDetailId') is not None]
            extensions = map_concurrently(lambda line: order_utils.detail_plan(self.client, order_id, line['orderDetailId']), lines)
        quote = {'with_tax': cart_utils.normalize_price(raw.get('priceWithTax')), 'without_tax': cart_utils.normalize_price(raw.get('priceWithoutTax'))}
        problem = order_utils.price_problem(quote, self.options.get('price_basis') or 'with_tax', self.options.get('max_price'),
                                            self.options.get('currency'))
        if problem:
            return 'order %s is not paid: %s (%s)' % (order_id, problem, planner.option_name(self.options, 'max_price'))
        premium = sorted({line.get('domain') for line, plan in zip(lines, extensions) if cart_utils.is_premium((plan or {}).get('pricingMode'))
                          and (plan or {}).get('product', {}).get('name', 'domain') == 'domain'})
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

    # -- owners and eligibility, before any cart ----------------------------------------------
    def owners_and_eligibility(self, decisions) -> list:
        """For the domains to order with a known owner: find the owner's contact among the account's
        and ask OVHcloud's rules whether that owner may hold the domain. Refusals stop the run before
        any cart exists. A contact to create is created later (:meth:`create_contacts`), once the run
        knows that it orders the domain."""
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
        return decisions

    def create_contacts(self, decisions):
        """Create the owner contacts that do not exist yet (one per distinct owner) for the domains
        this run orders; in check mode, only say so. Returns domain → OWNER_CONTACT to set."""
        requests = [decision['request'] for decision in decisions if decision['outcome'] == 'would_order' and decision['request'].get('owner')]
        missing = {}
        for request in requests:
            if request['owner_contact'] is None:
                missing.setdefault(repr(sorted(request['owner'].items())), []).append(request)
        for group in missing.values():
            domains = [request['name'] for request in group]
            if self.check_mode:
                self.progress('would create the owner contact of %s' % ', '.join(domains))
                self.contacts.append({'owner_contact': None, 'created': True, 'domains': domains})
                continue
            with self.step('create the owner contact of %s' % ', '.join(domains)):
                path = contact_utils.create_contact(self.client, group[0]['owner'])
            self.tracker.add('contact %s' % path, None, path)
            self.progress('owner contact %s created for %s' % (path, ', '.join(domains)))
            for request in group:
                request['owner_contact'] = path
            self.contacts.append({'owner_contact': path, 'created': True, 'domains': domains})
        return {request['name']: request['owner_contact'] for request in requests if request['owner_contact'] is not None}

    # -- the plan on a cart -------------------------------------------------------------------
    def plan_offers(self, offers, decisions, require_complete):
        """Stage 2 of the plan: the offers; refusals stop the run."""
        decisions = planner.decide_offers(decisions, offers, dict(self.options, require_complete=require_complete))
        self.stop_on_refusals(decisions)
        return decisions

    def stop_on_refusals(self, decisions, problem=None):
        refused = [decision for decision in decisions if decision['outcome'] == 'refused']
        if not refused and not problem:
            return
        reasons = [decision['reason'] for decision in refused] + ([problem] if problem else [])
        raise OvhStop('Nothing was ordered: %s.' % '; '.join(reasons), **self.records_of(decisions))

    def add_items(self, cart_id, decisions) -> dict:
        """Add one item per domain to order, as planned, to the run's new cart; returns domain → item."""
        chosen = [decision for decision in decisions if decision['outcome'] == 'would_order']

        def add(decision):
            request = decision['request']
            return cart_utils.add_item(self.client, cart_id, cart_utils.add_body(request['name'], request['duration'], decision['offer']))

        with self.step('add %s to cart %s' % (', '.join(decision['request']['name'] for decision in chosen), cart_id)):
            return {item['domain']: item for item in map_concurrently(add, chosen)}

    @staticmethod
    def item_prices(items) -> dict:
        return {domain: cart_utils.total_of(item['prices']) for domain, item in items.items()}

    @staticmethod
    def totals(summary) -> tuple | None:
        with_tax, without_tax = (summary or {}).get('with_tax') or {}, (summary or {}).get('without_tax') or {}
        if with_tax.get('value') is None or without_tax.get('value') is None:
            return None
        return without_tax['value'], with_tax['value']

    def prepare(self, claim, decisions):
        """On the run's cart: the offers and the other runs' claims (read at once), the domains this
        run gives way on, the guards, the items and their configurations. Returns (decisions, domain →
        item); no item when another run orders every domain."""
        cart_id = claim.cart_id
        names = sorted(claim.names)
        with self.step('read the offers of %s and the carts of the account' % ', '.join(names)):
            offers, claims = map_concurrently(lambda read: read(), (lambda: cart_utils.read_offers(self.client, cart_id, names), claim.read_claims))
        yielded = {name: describe_claim(other) for name, other in claim.settle(claims).items()}
        if yielded:
            decisions = planner.decide_yielded(decisions, yielded)
            for name, reason in sorted(yielded.items()):
                self.progress('%s: %s' % (name, reason))
        if not any(decision['outcome'] == 'to_order' for decision in decisions):
            return decisions, {}
        decisions, items = self.prepare_cart(cart_id, offers, decisions)
        self.tracker.add('items', [], sorted(items))
        return decisions, items

    def prepare_cart(self, cart_id, offers, decisions):
        """What the real run and check mode do alike on their cart: plan on the offers, add the items,
        guard their total, find (or, in a real run, create) the owner contacts, configure."""
        decisions = self.plan_offers(offers, decisions, require_complete=True)
        items = self.add_items(cart_id, decisions)
        decisions = planner.price_decisions(decisions, self.item_prices(items))
        self.stop_on_refusals(decisions, planner.budget_problem(decisions, self.options))
        self.configure(cart_id, decisions, items, self.create_contacts(decisions))
        return decisions, items

    def configure(self, cart_id, decisions, items, owner_contacts):
        """Set each new item's configurations as planned."""
        wanted = {}
        for decision in decisions:
            if decision['outcome'] == 'would_order':
                name = decision['request']['name']
                labels = dict(decision['request']['labels'])
                if name in owner_contacts:
                    labels['OWNER_CONTACT'] = owner_contacts[name]
                # An owner contact still to create (check mode) has no path to set yet.
                wanted[name] = [(label, labels.get(label, 'true')) for label in decision['labels']
                                if label != 'OWNER_CONTACT' or labels.get('OWNER_CONTACT')]

        def configure_item(domain):
            return cart_utils.apply_configurations(self.client, cart_id, items[domain]['item_id'], [], wanted[domain])

        domains = sorted(wanted)
        with self.step('configure %s in cart %s' % (', '.join(domains), cart_id)):
            map_concurrently(configure_item, domains)
        self.tracker.add('configured', [], domains)

    def check_out(self, claim, result, decisions, items, scan_ids, scanned_at):
        """The checkout of the run's cart. Orders placed since the scan that name some of its domains
        (another tool's) make the run give way on those domains and check out the rest. Returns
        (result, decisions, order or None)."""
        known_ids = set(scan_ids)
        while True:
            checkout = CartCheckout(self.client, self.options, self.tracker, self.step, self.warn, reader=self.reader,
                                    on_checkout=self.checkout_sending)
            try:
                outcome = checkout.run(claim.cart_id, cart={'cartId': claim.cart_id, 'items': [item['item_id'] for item in items.values()]},
                                       domains=set(items), recheck_since=scanned_at, known_ids=known_ids, check_owned=False)
                break
            except OpenOrdersFound as found:
                known_ids |= found.seen
                decisions = planner.decide_account_again(decisions, found.found)
                gone = [name for name in items if name in {n for _oid, _status, names in found.found for n in names}]
                with self.step('remove %s from cart %s' % (', '.join(gone), claim.cart_id)):
                    map_concurrently(lambda name: cart_utils.remove_item(self.client, claim.cart_id, items[name]['item_id']), gone)
                items = {name: item for name, item in items.items() if name not in gone}
                self.tracker.add('items', [], sorted(items))
                if not items:
                    return result, decisions, None
            except CheckoutRefused as refusal:
                raise self.refusal_stop(refusal, decisions) from None
            except OvhStop as stop:
                # The checkout failed and its outcome is unknown (no order was found): say so for every domain.
                decisions = [dict(decision, outcome='unknown', reason='the checkout failed; whether it was ordered is unknown')
                             if decision['outcome'] == 'would_order' else decision for decision in decisions]
                stop.result.update(self.records_of(decisions))
                raise
        result['quote'], order = outcome['quote'], outcome['order']
        if result['quote']:
            decisions = planner.price_decisions(decisions, self.item_prices(items), self.totals(result['quote']))
        return result, decisions, order

    def checkout_sending(self):
        """Called just before the POST of the checkout: from then on the cart is never deleted unless
        OVHcloud shows it still open (no order can come from a deleted cart)."""
        self.checkout_sent = True

    def records_of(self, decisions) -> dict:
        result = {'domains': [planner.outcome_record(decision) for decision in decisions], 'contacts': self.contacts}
        result['summary'] = summary_lines(result, self.check_mode)
        return result

    # -- carts --------------------------------------------------------------------------------
    def account_subsidiary(self):
        with self.step("read the account's subsidiary"):
            self.subsidiary = cart_utils.account_subsidiary(self.client)
        return self.subsidiary

    def drop_claim(self, claim):
        """Delete the run's own cart when no order can come from it any more (nothing of the run is
        left); after an ambiguous checkout failure, only when OVHcloud still shows it open."""
        if claim.cart is None:
            return
        try:
            if self.checkout_sent:
                cart = cart_utils.get_cart(self.client, claim.cart_id)
                if cart is None or cart.get('readOnly'):
                    return
            claim.drop()
        except OvhError as exc:
            self.warn('Could not delete cart %s, created by this run (it expires at %s): %s' % (claim.cart_id, claim.cart.get('expire'), exc))

    def preview(self, result, decisions):
        """Check mode: the real run up to the order, on a temporary cart deleted before the task ends -
        the offers, the items, every configuration the real run sets, then OVHcloud's dry run."""
        warnings = []
        with cart_utils.temporary_cart(self.client, self.subsidiary or self.account_subsidiary(), self.step, warnings) as cart:
            cart_id = cart['cartId']
            names = [decision['request']['name'] for decision in decisions if decision['outcome'] == 'to_order']
            with self.step('read the offer for %s' % ', '.join(names)):
                offers = cart_utils.read_offers(self.client, cart_id, names)
            decisions, items = self.prepare_cart(cart_id, offers, decisions)
            quote = self.dry_run(cart_id, decisions, items)
        for warning in warnings:
            self.warn(warning)
        result['quote'] = quote
        return self.finish(result, planner.price_decisions(decisions, self.item_prices(items), self.totals(quote)))

    def dry_run(self, cart_id, decisions, items):
        """Check mode: OVHcloud's dry run of the temporary cart and the guards on its quote, as the real
        checkout applies them. A domain whose owner contact is still to create cannot be in that dry run
        (without OWNER_CONTACT OVHcloud would judge the account holder as its owner): the registries'
        rules judged its owner before any cart, the cart's summary prices the whole order, and the dry
        run judges the other domains."""
        checkout = CartCheckout(self.client, self.options, self.tracker, self.step, self.warn, check_mode=True, reader=self.reader)
        to_create = [decision['request']['name'] for decision in decisions if decision['outcome'] == 'would_order'
                     and decision['request'].get('owner') and decision['request'].get('owner_contact') is None]
        whole = None
        if to_create:
            with self.step('read the summary of the temporary cart %s' % cart_id):
                whole = order_utils.normalize_quote(self.client.get(cart_utils.api_path('/order/cart/{}/summary', cart_id)) or {})
            with self.step('set %s aside in the temporary cart' % ', '.join(to_create)):
                map_concurrently(lambda name: cart_utils.remove_item(self.client, cart_id, items[name]['item_id']), to_create)
        judged = {name: item for name, item in items.items() if name not in to_create}
        quote = None
        if judged:
            try:
                quote = checkout.run(cart_id, cart={'cartId': cart_id, 'items': [item['item_id'] for item in judged.values()]},
                                     domains=set(judged), check_owned=False, recheck=False)['quote']
            except CheckoutRefused as refusal:
                raise self.refusal_stop(refusal, decisions) from None
        if whole is not None:
            checkout.guard_price(whole)
        return whole or quote

    def rule_refusals(self, refusal, decisions) -> tuple:
        """After a dry run that refused the order on its registries' rules (OVHcloud's
        DOMDOCRuleNotRespected, which names no domain): each domain, with its owner as the order has it
        (its fields, its contact, or the account holder) and its configurations, checked against its
        registry's rules. Returns domain → violations."""
        if 'DOMDOCRuleNotRespected' not in (refusal.error.error_class or ''):
            return {}
        chosen = [decision['request'] for decision in decisions if decision['outcome'] == 'would_order']
        contacts = {}
        paths = sorted({request['labels']['OWNER_CONTACT'] for request in chosen if not request.get('owner') and request['labels'].get('OWNER_CONTACT')})
        with self.step('read the owners of %s' % ', '.join(request['name'] for request in chosen)):
            holder = contact_utils.account_holder(self.client.get('/me') or {}) if any(
                not request.get('owner') and not request['labels'].get('OWNER_CONTACT') for request in chosen) else None
            contacts = dict(zip(paths, map_concurrently(lambda path: contact_utils.path_contact(self.client, path), paths)))

        def owner_of(request):
            if request.get('owner'):
                return request['owner']
            if request['labels'].get('OWNER_CONTACT'):
                return {key: value for key, value in contacts[request['labels']['OWNER_CONTACT']].items() if key != 'id' and value is not None}
            request['owner_is_account'] = True
            return holder

        def check(request):
            return contact_utils.check_eligibility(self.client, request['name'], request.get('action') or 'create', owner_of(request), request['labels'])

        with self.step("check with the registries' rules the owners of %s" % ', '.join(request['name'] for request in chosen)):
            verdicts = dict(zip((request['name'] for request in chosen), map_concurrently(check, chosen)))
        return {name: violations for name, violations in verdicts.items() if violations}

    def refusal_stop(self, refusal, decisions) -> OvhStop:
        """The failure after OVHcloud's dry run refused the order: each domain it refused, with what to
        change; the others ``not_ordered``, with their prices. The same in check mode and in a real run."""
        error = refusal.error
        owners_refused = self.rule_refusals(refusal, decisions)
        if owners_refused:
            names = sorted(owners_refused)
            with self.step("read the registries' rules for %s" % ', '.join(names)):
                actions = {decision['request']['name']: decision['request'].get('action') or 'create' for decision in decisions}
                rules = dict(zip(names, map_concurrently(lambda name: contact_utils.rule_of(self.client, name, actions[name]), names)))
            judged = planner.decide_eligibility(decisions, owners_refused, rules, self.options)
            refused = {decision['request']['name']: decision['reason'] for decision in judged
                       if decision['outcome'] == 'refused' and decision['request']['name'] in owners_refused}
        else:
            refused = {}
            for decision in decisions:
                request = decision['request']
                if decision['outcome'] == 'would_order' and (request['name'] in error.message or request['unicode'] in error.message):
                    refused[request['name']] = '%s: %s' % (request['unicode'], planner.dry_run_fix(request, error.message, error.details, self.options))
        decisions = planner.decide_dry_run_refusal(decisions, refused, "OVHcloud's dry run refused the order: %s" % error.message)
        reasons = [refused[name] for name in sorted(refused)]
        message = ("Nothing was ordered: OVHcloud's dry run refused the order (%s)%s. The run's cart was deleted; run again once that is "
                   "corrected." % (error, ('; ' + '; '.join(reasons)) if reasons else ''))
        return OvhStop(message, failure=error.to_dict(), **self.records_of(decisions))

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
        orders found by the scan (or paid by this run): what ``wait_for`` waits for."""
        targets = {}
        if order is not None and (order.get('paid') or order.get('payment') in ('auto_pay', 'payment_method', 'payment_mean')):
            targets[order['order_id']] = list(order.get('domains') or [])
        for record in records:
            if record['outcome'] in ('order_pending', 'paid') and record['paid'] and record['order_id'] is not None:
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
                outcome = order_utils.wait_for_order(
                    self.reader, order_id, target, remaining, self.options.get('poll_interval', 30),
                    list_domains=(lambda: self.client.get('/domain')) if target == 'delivered' else None, domains=domains,
                    on_poll=lambda oid, poll: self.progress('order %s: %s after %ss' % (oid, poll['status'], poll['elapsed'])),
                    unpaid_advice=self.unpaid_advice())
            result['polls'][str(order_id)] = outcome.polls
            for record in result['domains']:
                if record['order_id'] == order_id:
                    record['status'] = outcome.status
                    record['paid'] = outcome.status in order_utils.PAID_STATUSES
                    if outcome.ok and target == 'delivered':
                        record['outcome'] = 'delivered'
            if not outcome.ok:
                raise OvhStop(self.wait_message(order_id, outcome, timeout), **result)

    def unpaid_advice(self) -> str:
        options = self.options
        return ('Pay it at {url}, or run the same playbook again with %s, %s or %s=true: it pays order {id} and never orders twice.'
                % (planner.option_name(options, 'payment_method_id'), planner.option_name(options, 'payment_mean'),
                   planner.option_name(options, 'auto_pay')))

    def wait_message(self, order_id, outcome, timeout) -> str:
        if outcome.ended == 'timeout':
            return ('Order %s is not %s after %s s (%s); its last status is %s. The order is placed and goes on without Ansible: run the '
                    'same playbook again to wait for it (it never orders twice), or follow it with ansible-playbook ovhcloud.order.order_status '
                    '-e order_id=%s. %s' % (order_id, self.options['wait_for'], _seconds(timeout), planner.option_name(self.options, 'wait_timeout'),
                                            outcome.status, order_id, outcome.advice))
        if outcome.ended in ('cancelled', 'documents'):
            return outcome.message + ' Run the same playbook again once that is done: it never orders twice.'
        return outcome.text()


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
            quoted = ((result.get('quote') or {}).get('with_tax') or {}).get('value')
            if quoted is not None and len(new) == len(counted):
                # OVHcloud's own total: the per-domain shares of its tax may round to a cent more or less.
                header += ' (%s with tax)' % _amount(quoted, currencies)
            elif len(with_tax) == len(new):
                header += ' (%s with tax)' % _amount(sum(with_tax), currencies)
            header += ', each domain for its whole duration'
    else:
        header += 'nothing to order'
    payments = sorted({record['order_id'] for record in records if record['outcome'] in ('paid', 'would_pay')})
    if payments:
        header += ', %s order %s' % ('would pay' if check_mode else 'paid', ', '.join(map(str, payments)))
    for outcome, label in (('refused', 'refused'), ('not_ordered', 'not ordered because of a refusal'),
                           ('unknown', 'in a checkout whose outcome is unknown')):
        count = len([record for record in records if record['outcome'] == outcome])
        if count:
            header += ', %d %s' % (count, label)
    lines = [header + '.']
    for record in records:
        name = '%s (%s)' % (record['domain_unicode'], record['domain']) if record['domain_unicode'] != record['domain'] else record['domain']
        line = '%-30s %-14s %-16s %s' % (name, record['outcome'], 'order %s' % record['order_id'] if record['order_id'] is not None else '-',
                                         _amount(record['price'], record['currency']))
        line = line.rstrip()
        if record['outcome'] in ('order_pending', 'paid', 'would_pay') and record['status']:
            line += '  status %s' % record['status']
        if record['outcome'] in ('ordered', 'order_pending') and not record['paid'] and record['url']:
            line += '  pay at %s' % record['url']
        if record['outcome'] in ('order_pending', 'would_pay', 'paid') and record['reason'] and not (record['order_id'] and record['paid']):
            line += '  (%s)' % record['reason']
        if record['missing']:
            line += '  missing %s' % ','.join(record['missing'])
        if record['price'] is not None and record['outcome'] != 'order_pending':
            details = [record['duration']]
            if record['price_with_tax'] is not None:
                details.append('%s with tax' % _amount(record['price_with_tax'], record['currency']))
            line += '  (%s)' % ', '.join(details)
        if record['outcome'] in ('refused', 'not_ordered', 'unknown'):
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
            lines.append('An owner contact would be created for %s (none of the account has these fields); the registries\' rules accept '
                         'it as the owner, and the real run\'s dry run judges the order with it.' % ', '.join(contact['domains']))
        else:
            lines.append('Owner contact %s created for %s.' % (contact['owner_contact'], ', '.join(contact['domains'])))
    return lines


def _seconds(value) -> str:
    return '%d' % value if float(value).is_integer() else '%s' % value


def order_summary(order) -> dict | None:
    """The new order as ovh_domain_order returns it."""
    if order is None:
        return None
    keys = ('order_id', 'status', 'paid', 'payment', 'url', 'prices', 'domains', 'contracts')
    return {key: order.get(key) for key in keys}
