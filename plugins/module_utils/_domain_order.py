# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The order of a list of domain names in one run (ovh_domain_order): read the account once, plan
with ``_planner``, then act in bulk on one cart and check it out once with ``_checkout``. The plan
a run writes (check mode) or applies is ``_plan.PlanGuard``'s; steps 5 and 6 are the cart's
preparation, ``_cart_preparation``'s.

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

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils import _plan as plan_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._cart_preparation import CartPreparation, item_prices, totals
from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import CartCheckout, CheckoutRefused, CheckoutRun, OpenOrdersFound
from ansible_collections.ovhcloud.order.plugins.module_utils._claim import Claim, describe_claim
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError, OvhStop
from ansible_collections.ovhcloud.order.plugins.module_utils._owners import Owners
from ansible_collections.ovhcloud.order.plugins.module_utils._plan import PlanGuard
from ansible_collections.ovhcloud.order.plugins.module_utils._payments import PendingPayments
from ansible_collections.ovhcloud.order.plugins.module_utils._summary import order_summary, summary_lines
from ansible_collections.ovhcloud.order.plugins.module_utils._waiting import OrderWait


class DomainOrder(CheckoutRun):
    """One run. ``options``: ``owner_legal_age``, ``allow_premium``, ``max_price``, ``price_basis``,
    ``currency``, ``ovh_subsidiary``, ``order_window`` (days) and the payment options of
    ovh_checkout."""

    def __init__(self, client, requests, options: dict, tracker, step=cart_utils.no_step, warn=None, check_mode: bool = False,
                 progress=None):
        super().__init__(client, requests, options, tracker, step=step, warn=warn, check_mode=check_mode)
        self.progress = progress or (lambda line: None)
        self.subsidiary = options.get('ovh_subsidiary')
        self.me = None
        self.owners = Owners(client, options, step, self.progress, tracker, check_mode)
        self.plan = PlanGuard(client, requests, options, self.reader, check_mode, self.account, lambda: self.subsidiary, self.records_of)
        self.preparation = CartPreparation(client, options, tracker, step, check_mode, self.owners, self.stop_on_refusals)
        self.checkout_sent = False

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> dict:
        names = [request['name'] for request in self.requests]
        with self.step('find out whether the account holds %s' % ', '.join(names)):
            owned = cart_utils.owned_domains(self.client, names)
        remaining = [name for name in names if name not in owned]
        window = datetime.timedelta(days=self.options.get('order_window') or order_utils.DEFAULT_WINDOW_DAYS)
        scanned_at = self.reader.now
        result = {'cart': None, 'order': None, 'quote': None, 'scanned_at': format_datetime(scanned_at)}
        if not remaining:
            return self.finish(result, planner.decide_account(self.requests, owned, []))
        self.progress('%d of %d domain(s) not in the account yet: %s' % (len(remaining), len(names), ', '.join(remaining)))
        scan_ids, open_orders = self.read_account(scanned_at - window)
        decisions = planner.decide_payments(planner.decide_account(self.requests, owned, open_orders), open_orders, self.options)
        self.plan.check_plan_before_cart(decisions)
        decisions = PendingPayments(self.client, self.reader, self.options, self.tracker, self.step, self.warn, self.progress,
                                    self.check_mode).pay(decisions)
        self.stop_on_refusals(decisions)
        if not any(decision['outcome'] == 'to_order' for decision in decisions):
            return self.finish(result, decisions)
        decisions = self.owners.check(decisions)
        self.stop_on_refusals(decisions)
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
        """The open orders of the window and the account (its subsidiary, its nichandle for a plan),
        read at once."""
        tasks = [lambda: self.reader.scan(since)]
        if self.subsidiary is None or self.plan.plan_wanted():
            tasks.append(self.account)
        days = self.options.get('order_window') or order_utils.DEFAULT_WINDOW_DAYS
        with self.step('read the orders of the last %d days and the account' % days):
            answers = map_concurrently(lambda task: task(), tasks)
        return answers[0]

    def account(self) -> dict:
        """``GET /me``, once; it gives the subsidiary when none is set."""
        if self.me is None:
            self.me = cart_utils.account(self.client)
            self.subsidiary = self.subsidiary or self.me.get('ovhSubsidiary')
        return self.me

    # -- the run's cart (its preparation: _cart_preparation) ----------------------------------
    def stop_on_refusals(self, decisions, problem=None):
        refused = [decision for decision in decisions if decision['outcome'] == 'refused']
        if not refused and not problem:
            return
        reasons = [decision['reason'] for decision in refused] + ([problem] if problem else [])
        raise OvhStop('Nothing was ordered: %s.' % '; '.join(reasons), **self.records_of(decisions))

    def prepare(self, claim, decisions):
        """On the run's cart: the offers and the other runs' claims (read at once), the domains this
        run gives way on, then the cart's preparation (``_cart_preparation``: the guards, the items and
        their configurations). Returns (decisions, domain → item); no item when another run orders
        every domain."""
        cart_id = claim.cart_id
        names = sorted(claim.names)
        with self.step('read the offers of %s and the carts of the account' % ', '.join(names)):
            offers, claims = map_concurrently(lambda read: read(), (lambda: cart_utils.read_offers(self.client, cart_id, names), claim.read_claims))
        yielded = {name: describe_claim(other) for name, other in claim.settle(claims).items()}
        if yielded:
            decisions = planner.decide_yielded(decisions, yielded)
            for name, reason in sorted(yielded.items()):
                self.progress('%s: %s' % (name, reason))
        return self.preparation.fill(cart_id, offers, decisions)

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
                                       domains=set(items), recheck_since=scanned_at, known_ids=known_ids, check_owned=False,
                                       quote_guard=self.plan.plan_quote_guard(decisions))
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
            decisions = planner.price_decisions(decisions, item_prices(items), totals(result['quote']))
        return result, decisions, order

    def checkout_sending(self):
        """Called just before the POST of the checkout: from then on the cart is never deleted unless
        OVHcloud shows it still open (no order can come from a deleted cart)."""
        self.checkout_sent = True

    def records_of(self, decisions) -> dict:
        result = {'domains': [planner.outcome_record(decision) for decision in decisions], 'contacts': self.owners.contacts}
        result['summary'] = summary_lines(result, self.check_mode)
        return result

    # -- carts --------------------------------------------------------------------------------
    def account_subsidiary(self):
        if self.subsidiary is None:
            with self.step("read the account's subsidiary"):
                self.account()
            if not self.subsidiary:
                raise OvhStop('GET /me gave no ovhSubsidiary; set %s' % planner.option_name(self.options, 'ovh_subsidiary'))
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
            decisions, items = self.preparation.prepare_cart(cart_id, offers, decisions)
            quote = self.dry_run(cart_id, decisions, items)
        for warning in warnings:
            self.warn(warning)
        result['quote'] = quote
        return self.finish(result, planner.price_decisions(decisions, item_prices(items), totals(quote)))

    @staticmethod
    def creates_owner(decision) -> bool:
        """Whether the real run would create the owner contact of this domain."""
        return decision['outcome'] == 'would_order' and bool(decision['request'].get('owner')) and decision.get('owner_contact') is None

    def dry_run(self, cart_id, decisions, items):
        """Check mode: OVHcloud's dry run of the temporary cart and the guards on its quote, as the real
        checkout applies them. A domain whose owner contact is still to create cannot be in that dry run
        (without OWNER_CONTACT OVHcloud would judge the account holder as its owner): the registries'
        rules judged its owner before any cart, the cart's summary prices the whole order, and the dry
        run judges the other domains."""
        # The temporary cart's checkout is no change of the account: the diff shows the plan (see finish).
        checkout = CartCheckout(self.client, self.options, _Untracked(), self.step, self.warn, check_mode=True, reader=self.reader)
        to_create = [decision['request']['name'] for decision in decisions if self.creates_owner(decision)]
        whole = None
        if to_create:
            with self.step('read the summary of the temporary cart %s' % cart_id):
                whole = order_utils.normalize_quote(cart_utils.cart_summary(self.client, cart_id) or {})
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

    def refusal_stop(self, refusal, decisions) -> OvhStop:
        """The failure after OVHcloud's dry run refused the order: each domain it refused, with what to
        change; the others ``not_ordered``, with their prices. The same in check mode and in a real run."""
        error = refusal.error
        owners_refused, held_by_account, rules = self.owners.refused_by_rules(error, decisions)
        if owners_refused:
            judged = planner.decide_eligibility(decisions, owners_refused, rules, self.options, held_by_account)
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
        result = dict(result, domains=records, polls={}, contacts=self.owners.contacts)
        if self.check_mode:
            with self.step('read the account for the plan'):
                result['plan'] = self.plan.plan_of(result, records)
            result['plan_markdown'] = plan_utils.render_markdown(result['plan'])
            if self.options.get('plan_path'):
                try:
                    plan_utils.write_plan(self.options['plan_path'], result['plan'], result['plan_markdown'])
                except OSError as exc:
                    raise OvhStop('Cannot write the plan to %s: %s' % (self.options['plan_path'], exc)) from None
            view = plan_utils.diff_view(result['plan'])
        else:
            view = plan_utils.diff_view_of_records(records, result.get('quote'), result.get('order'))
        if view['domains']:
            self.tracker.add('order', None, view)
        if self.options.get('wait_for', 'none') != 'none' and not self.check_mode:
            try:
                OrderWait(self.client, self.reader, self.options, self.step, self.progress).wait(result, order)
            except OvhStop as exc:
                exc.result['summary'] = summary_lines(exc.result, self.check_mode)
                raise
        result['summary'] = summary_lines(result, self.check_mode)
        return result


class _Untracked:
    """A difference tracker that keeps nothing, for the work check mode does on a temporary cart."""

    def add(self, name, before, after):
        pass
