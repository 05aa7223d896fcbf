# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The preparation of an order run's cart (``_domain_order``), the same for the real run's cart and
check mode's temporary one: plan on the offers, add one item per domain, guard their total, create
the owner contacts the run needs (``_owners``), set each item's configurations. All through the
resource layer (``_cart``)."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently


def item_prices(items) -> dict:
    """Domain → the total price of its item (``_cart.total_of``)."""
    return {domain: cart_utils.total_of(item['prices']) for domain, item in items.items()}


def totals(summary) -> tuple | None:
    """(without tax, with tax) of a quote or a cart's summary, or None when one of them is missing."""
    with_tax, without_tax = (summary or {}).get('with_tax') or {}, (summary or {}).get('without_tax') or {}
    if with_tax.get('value') is None or without_tax.get('value') is None:
        return None
    return without_tax['value'], with_tax['value']


class CartPreparation:
    """The preparation of one run's cart. ``owners``: the run's ``_owners.Owners``;
    ``stop_on_refusals(decisions, problem=None)`` stops the run on refused domains (or a problem)."""

    def __init__(self, client, options: dict, tracker, step, check_mode: bool, owners, stop_on_refusals):
        self.client = client
        self.options = options
        self.tracker = tracker
        self.step = step
        self.check_mode = check_mode
        self.owners = owners
        self.stop_on_refusals = stop_on_refusals

    def fill(self, cart_id, offers, decisions):
        """The real run's cart, once the claims are settled: nothing when no domain is left to order,
        else the cart prepared (``prepare_cart``) and its items recorded. Returns (decisions, domain → item)."""
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
        decisions = planner.price_decisions(decisions, item_prices(items))
        self.stop_on_refusals(decisions, planner.budget_problem(decisions, self.options))
        decisions = self.owners.create(decisions)
        self.configure(cart_id, decisions, items)
        return decisions, items

    def plan_offers(self, offers, decisions, require_complete):
        """Stage 2 of the plan: the offers; refusals stop the run."""
        decisions = planner.decide_offers(decisions, offers, dict(self.options, require_complete=require_complete))
        self.stop_on_refusals(decisions)
        return decisions

    def add_items(self, cart_id, decisions) -> dict:
        """Add one item per domain to order, as planned, to the run's new cart; returns domain → item."""
        chosen = [decision for decision in decisions if decision['outcome'] == 'would_order']

        def add(decision):
            request = decision['request']
            return cart_utils.add_item(self.client, cart_id, cart_utils.add_body(request['name'], request['duration'], decision['offer']))

        with self.step('add %s to cart %s' % (', '.join(decision['request']['name'] for decision in chosen), cart_id)):
            return {item['domain']: item for item in map_concurrently(add, chosen)}

    def configure(self, cart_id, decisions, items):
        """Set each new item's configurations as planned."""
        wanted = {}
        for decision in decisions:
            if decision['outcome'] == 'would_order':
                name = decision['request']['name']
                labels = dict(decision['request']['labels'])
                if decision.get('owner_contact'):
                    labels['OWNER_CONTACT'] = decision['owner_contact']
                # An owner contact still to create (check mode) has no path to set yet.
                wanted[name] = [(label, labels.get(label, 'true')) for label in decision['labels']
                                if label != 'OWNER_CONTACT' or labels.get('OWNER_CONTACT')]

        def configure_item(domain):
            return cart_utils.apply_configurations(self.client, cart_id, items[domain]['item_id'], [], wanted[domain])

        domains = sorted(wanted)
        with self.step('configure %s in cart %s' % (', '.join(domains), cart_id)):
            map_concurrently(configure_item, domains)
        if not self.check_mode:
            self.tracker.add('configured', [], domains)
