# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Claims: how runs that order the same domains at the same time find each other, through what
OVHcloud stores (two pipelines run on two machines: a lock file would not see the other one).

A run's cart is its claim on its domains. Its description names them, in their ASCII form:
``ovhcloud.order claim 1 open a.com,b.fr`` while the run prepares, ``... claim 1 ticket 3 a.com,b.fr``
once it has taken a ticket. The cart is created to expire CLAIM_LIFETIME after its creation, so that
the claim of a run killed before its checkout stops counting by itself; a checked-out (read-only)
cart claims its domains for good. A run only ever writes to, and deletes, the cart it created.

After creating and assigning its cart (from then on every other run sees it), a run lists the
account's carts (:func:`read_claims`):

* no other live claim names any of its domains: it goes on, and its claim stays ``open``;
* otherwise it takes the next ticket (one more than every ticket it saw), writes it into its own
  description, and lists the claims again, until none of the claims that name its domains is
  still ``open`` (at most WAIT_LIMIT seconds). For each of its domains it then gives way to a
  checked-out cart, to a claim with a lower ticket (or the same ticket and a lower cart id) and
  to an ``open`` claim that never took a ticket; it orders the others, and first removes the
  names it gave way on from its description (a checked-out claim counts for every name it holds).

That is Lamport's bakery algorithm, with the cart as each run's own register, so that of two runs
that name a domain at most one orders it: a run that went on without a ticket saw no one, so any
run that came later saw its ``open`` claim and waited for it; of two ticketed runs, each saw the
other's ticket or was seen taking its own. The algorithm assumes OVHcloud answers
``GET /order/cart`` with every cart assigned before the call (read after write), which the API's
documentation does not state. It decides nothing between runs of an older version of the
collection or other tools, which make no claims: the checkout's re-check of the account's orders
is the guard there.
"""

from __future__ import annotations

import datetime
import re
import time

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime, parse_datetime, server_now
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhStop

CLAIM_PREFIX = 'ovhcloud.order claim'
CLAIM_VERSION = 1
# How long a claim counts when its run never checks out (a killed run blocks others no longer).
CLAIM_LIFETIME = datetime.timedelta(minutes=15)
# How long a run waits for another run's claim to take a ticket or be checked out, and how often
# it looks again meanwhile.
WAIT_LIMIT = 60.0
POLL_DELAY = 0.5
_CLAIM = re.compile(r'^%s (\d+) (open|ticket (\d+)) (\S+)$' % re.escape(CLAIM_PREFIX))


def claim_description(names, ticket: int | None = None) -> str:
    state = 'open' if ticket is None else 'ticket %d' % ticket
    return '%s %d %s %s' % (CLAIM_PREFIX, CLAIM_VERSION, state, ','.join(sorted(names)))


def parse_claim(description) -> dict | None:
    """``{ticket, names}`` of a claim's description (``ticket`` None while open); None when the cart
    is no claim. A claim of another version is taken as an open one: waited for, then given way to."""
    match = _CLAIM.match(str(description or ''))
    if not match:
        return None
    version, state, ticket, names = match.groups()
    open_claim = state == 'open' or int(version) != CLAIM_VERSION
    return {'ticket': None if open_claim else int(ticket), 'names': frozenset(name for name in names.split(',') if name)}


def claim_of(cart: dict | None, now: datetime.datetime) -> dict | None:
    """A cart (``order.cart.Cart``) as a claim: ``{cart_id, ticket, names, read_only, expire}``, or
    None when it is no claim or has expired."""
    if not cart:
        return None
    parsed = parse_claim(cart.get('description'))
    if parsed is None:
        return None
    try:
        expire = parse_datetime(cart.get('expire'))
    except ValueError:
        expire = None
    if expire is not None and expire <= now:
        return None
    return dict(parsed, cart_id=cart.get('cartId'), read_only=bool(cart.get('readOnly')), expire=cart.get('expire'))


def yielded_domains(own: dict, claims, names) -> dict:
    """Domain → the claim the run gives way to, for the run's ``names``. ``own``: ``{cart_id, ticket}``
    (ticket None: no ticket taken); ``claims``: the other live claims. Pure."""
    result = {}
    rank = (own['ticket'], own['cart_id']) if own['ticket'] is not None else None
    for claim in sorted(claims, key=lambda entry: (entry['ticket'] is not None, entry['ticket'] or 0, entry['cart_id'] or '')):
        blocks = claim['read_only'] or claim['ticket'] is None or rank is None or (claim['ticket'], claim['cart_id']) < rank
        if blocks:
            for name in sorted(claim['names'] & set(names)):
                result.setdefault(name, claim)
    return result


def describe_claim(claim: dict) -> str:
    """How a result names another run's claim."""
    if claim['read_only']:
        return 'cart %s of another run was checked out with it' % claim['cart_id']
    state = 'is being prepared' if claim['ticket'] is None else 'holds ticket %d' % claim['ticket']
    return 'another run is ordering it: its cart %s %s (a claim expires at %s)' % (claim['cart_id'], state, claim['expire'])


class Claim:
    """The claim of one run on ``names`` (canonical ASCII names): :meth:`create`, then :meth:`settle`."""

    def __init__(self, client, names, step=cart_utils.no_step, sleep=time.sleep, monotonic=time.monotonic):
        self.client = client
        self.names = frozenset(names)
        self.step = step
        self.sleep = sleep
        self.monotonic = monotonic
        self.cart = None
        self.ticket = None
        self.foreign = set()  # carts that are no claim: their description is never read again

    @property
    def cart_id(self):
        return self.cart['cartId'] if self.cart else None

    def create(self, subsidiary: str) -> dict:
        """Create the run's cart, described as an open claim, and assign it (the claim is then seen)."""
        description = claim_description(self.names)
        expire = format_datetime(server_now(self.client) + CLAIM_LIFETIME)
        self.cart = cart_utils.create_cart(self.client, subsidiary, description, expire=expire, step=self.step)
        if self.cart.get('description') != description:
            # A description cut short would claim other names than ours: nobody could see the conflict.
            raise OvhStop('OVHcloud stored the description of cart %s as %r instead of %r, so other runs could not see which domains it '
                          'orders; nothing was ordered. Order fewer domains in one run.' % (self.cart_id, self.cart.get('description'), description))
        return self.cart

    def read_claims(self) -> list:
        """The other live claims that name any of the run's domains (one ``GET /order/cart``, then one
        read per cart not known to be foreign)."""
        now = server_now(self.client)
        ids = [cart_id for cart_id in cart_utils.account_cart_ids(self.client) if cart_id != self.cart_id and cart_id not in self.foreign]
        claims = []
        for cart_id, cart in zip(ids, map_concurrently(lambda cart_id: cart_utils.get_cart(self.client, cart_id), ids)):
            if cart is not None and parse_claim(cart.get('description')) is None:
                self.foreign.add(cart_id)
            claim = claim_of(cart, now)
            if claim is not None and claim['names'] & self.names:
                claims.append(claim)
        return claims

    def settle(self, claims) -> dict:
        """Domain → the claim this run gives way to (the run orders every other domain). ``claims``:
        what :meth:`read_claims` answered after the cart was assigned."""
        if not claims:
            return {}
        self.ticket = 1 + max([claim['ticket'] or 0 for claim in claims])
        with self.step('take ticket %d in the description of cart %s' % (self.ticket, self.cart_id)):
            cart_utils.update_cart(self.client, self.cart_id, {'description': claim_description(self.names, self.ticket)})
        deadline = self.monotonic() + WAIT_LIMIT
        own = {'cart_id': self.cart_id, 'ticket': self.ticket}
        while True:
            with self.step('read the claims of other runs on %s' % ', '.join(sorted(self.names))):
                claims = self.read_claims()
            open_claims = [claim for claim in claims if claim['ticket'] is None and not claim['read_only']]
            if not open_claims or self.monotonic() >= deadline:
                break
            self.sleep(POLL_DELAY)
        yielded = yielded_domains(own, claims, self.names)
        kept = self.names - set(yielded)
        if yielded and kept:
            # A checked-out claim counts for every name it holds: keep only those this run orders.
            with self.step('keep only %s in the description of cart %s' % (', '.join(sorted(kept)), self.cart_id)):
                cart_utils.update_cart(self.client, self.cart_id, {'description': claim_description(kept, self.ticket)})
            self.names = frozenset(kept)
        return yielded

    def drop(self) -> bool:
        """Delete the run's own cart (the claim ends); False when it was gone already."""
        if self.cart is None:
            return False
        return cart_utils.delete_cart(self.client, self.cart_id)
