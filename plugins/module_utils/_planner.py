# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The order plan: pure functions that decide, for every requested domain, what an order run does
with it, from state that was read beforehand (what the account holds, its open orders, the offers,
the prices of the cart's items). No I/O here; ``_domain_order.py`` reads the state and acts.

A decision is a dict that starts as ``{'request': request}`` and gains, stage by stage:

1. :func:`decide_account`: ``already_owned``, ``order_pending`` (an open order names the domain) or
   ``to_order``;
2. :func:`decide_offer`: for ``to_order``, the offer chosen, the configuration labels to set and
   those still missing, or a refusal (``refused`` with a ``reason``);
3. :func:`price_decisions`: the price of each domain for its whole duration (from its cart item),
   without tax and, spread with the cart's own tax rate, with tax; :func:`budget_problem` then
   compares the order's total with the price limit.

:func:`outcome_record` turns a decision into the record every result shows (the role's
``domain_order_result``): it is the only place such a record is built.

A request (see :func:`_validation.domain_requests`) is ``{name, unicode, duration, action,
pricing_mode, labels}``; ``labels`` maps each configuration label given to its value as text, and
may hold a secret (``AUTH_INFO``): a decision only ever names labels, never their values.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ansible_collections.ovhcloud.order.plugins.module_utils._format import describe_offer, describe_rule, domain_prices, format_amount, snake_field

OUTCOMES = ('already_owned', 'order_pending', 'would_pay', 'paid', 'would_order', 'ordered', 'delivered', 'refused', 'not_ordered', 'unknown')
PAYMENT_OPTIONS = ('payment_method_id', 'payment_mean', 'auto_pay')
CENT = Decimal('0.01')


# The options whose role variable keeps an older name: domain_order_open_order_window sets order_window.
ROLE_VARIABLE_NAMES = {'order_window': 'open_order_window'}


def option_name(options, name: str) -> str:
    """How messages name an option: a role that wraps the module sets ``name_prefix`` (for example
    ``domain_order_``) so that they name its own variables (``ROLE_VARIABLE_NAMES`` where a variable's
    name is not the option's)."""
    prefix = (options or {}).get('name_prefix') or ''
    return prefix + ROLE_VARIABLE_NAMES.get(name, name) if prefix else name


def request_option(request, options, field: str) -> str:
    """How messages name a field of one domain's entry: ``domain_order_domains[2].action`` for an
    entry of a list, else the option itself (``action`` of ovh_cart_domain)."""
    if 'index' in request:
        return '%s[%d].%s' % (option_name(options, 'domains'), request['index'], field)
    return option_name(options, field)


# -- stage 1: the account ---------------------------------------------------------------------
def decide_account(requests, owned, open_orders) -> list:
    """One decision per request: held by the account, named by an open order, or still to order.

    ``owned``: the names the account holds; ``open_orders``: open order records (``order_id``,
    ``status``, ``paid``, ``url``, ``domains``, raw ``details``), newest first."""
    decisions = []
    for request in requests:
        name = request['name']
        if name in owned:
            decisions.append({'request': request, 'outcome': 'already_owned'})
            continue
        order = next((record for record in open_orders if name in record['domains']), None)
        if order is not None:
            price, currency = domain_prices(order.get('details')).get(name, (None, None))
            decisions.append({'request': request, 'outcome': 'order_pending', 'order': order, 'price': price, 'currency': currency,
                              'reason': 'order %s (%s) already names it' % (order['order_id'], order['status'])})
        else:
            decisions.append({'request': request, 'outcome': 'to_order'})
    return decisions


def payment_given(options) -> bool:
    """Whether the run says how to pay (auto_pay, payment_method_id or payment_mean)."""
    return bool(options.get('auto_pay') or options.get('payment_method_id') is not None or options.get('payment_mean'))


def how_to_pay(order_id, url, options) -> str:
    return ('order %s is not paid: pay it at %s, or run again with %s, %s or %s=true (the run pays order %s and never orders twice)'
            % (order_id, url or 'the OVHcloud manager (Billing, My orders)', option_name(options, 'payment_method_id'),
               option_name(options, 'payment_mean'), option_name(options, 'auto_pay'), order_id))


def decide_payments(decisions, open_orders, options) -> list:
    """Stage 1b: the ``order_pending`` decisions whose order is open and unpaid. With a payment option
    the run pays that order (``to_pay``), unless it also orders names the run does not ask for or
    another open order names the same domain (then it says why not); without one, the reason says
    how to pay it."""
    requested = {decision['request']['name'] for decision in decisions}
    result = []
    for decision in decisions:
        order = decision.get('order')
        if decision['outcome'] != 'order_pending' or order is None or order['status'] != 'notPaid':
            result.append(decision)
            continue
        name = decision['request']['name']
        others = sorted(record['order_id'] for record in open_orders if name in record['domains'] and record['order_id'] != order['order_id'])
        outside = sorted(set(order['domains']) - requested)
        if not payment_given(options):
            reason = how_to_pay(order['order_id'], order.get('url'), options)
        elif others:
            reason = ('order %s is not paid, and open order%s %s name%s %s too: pay the one you want at its URL (%s); this run pays none of them'
                      % (order['order_id'], 's' if len(others) > 1 else '', ', '.join(map(str, others)), '' if len(others) > 1 else 's', name,
                         order.get('url')))
        elif outside:
            reason = ('order %s is not paid, and it also orders %s, which this run does not ask for: it is not paid by this run; pay it at %s'
                      % (order['order_id'], ', '.join(outside), order.get('url')))
        else:
            result.append(dict(decision, outcome='to_pay', reason='order %s is not paid: this run pays it' % order['order_id']))
            continue
        result.append(dict(decision, reason=reason))
    return result


def refuse_payment(decisions, order_id, problem) -> list:
    """The ``to_pay`` decisions of ``order_id`` become refusals (a guard said no)."""
    return [dict(decision, outcome='refused', reason=problem) if decision['outcome'] == 'to_pay' and decision['order']['order_id'] == order_id
            else decision for decision in decisions]


def settle_payments(decisions, paid, check_mode) -> list:
    """``to_pay`` decisions after the payments: ``would_pay`` (check mode) or ``paid``, with the
    order's state. ``paid``: order id → the order as it stands after the payment."""
    result = []
    for decision in decisions:
        if decision['outcome'] == 'to_pay' and decision['order']['order_id'] in paid:
            order = dict(decision['order'], **{key: paid[decision['order']['order_id']][key] for key in ('status', 'paid')})
            verb = 'would pay' if check_mode else 'paid'
            decision = dict(decision, outcome='would_pay' if check_mode else 'paid', order=order,
                            reason='%s order %s (%s)' % (verb, order['order_id'], paid[order['order_id']].get('payment')))
        result.append(decision)
    return result


def decide_yielded(decisions, reasons) -> list:
    """The ``to_order`` decisions of the domains another run orders (``reasons``: domain → why)
    become ``order_pending``, with no order of this run."""
    return [dict(decision, outcome='order_pending', reason=reasons[decision['request']['name']], order=None)
            if decision['outcome'] == 'to_order' and decision['request']['name'] in reasons else decision for decision in decisions]


def decide_account_again(decisions, found) -> list:
    """Orders placed since the account was read (``found``: ``[(order_id, status, names)]``) name
    domains the run was about to order: those become ``order_pending`` for that order."""
    pending = {}
    for order_id, status, names in found:
        for name in names:
            pending.setdefault(name, (order_id, status))
    result = []
    for decision in decisions:
        name = decision['request']['name']
        if decision['outcome'] in ('to_order', 'would_order') and name in pending:
            order_id, status = pending[name]
            decision = {'request': decision['request'], 'outcome': 'order_pending', 'reason': 'order %s (%s), placed meanwhile, names it' % (order_id, status),
                        'order': {'order_id': order_id, 'status': status, 'paid': status in ('checking', 'delivering', 'delivered'), 'url': None,
                                  'domains': [name]}}
        result.append(decision)
    return result


# -- stage 2: the offers ----------------------------------------------------------------------
def choose_offer(request, offers, options=None) -> tuple:
    """(offer, None) or (None, reason): the one orderable offer that matches the action and pricing
    mode asked, in a duration it offers; premium and aftermarket offers only with ``allow_premium``."""
    name = request['unicode']
    if not offers:
        return None, '%s cannot be ordered: OVHcloud makes no offer for it (its extension may not be sold)' % name
    offered = ', '.join(describe_offer(offer) for offer in offers)
    candidates = offers
    for option in ('action', 'pricing_mode'):
        wanted = request.get(option)
        if wanted:
            candidates = [offer for offer in candidates if offer[option] == wanted]
            if not candidates:
                return None, '%s=%s is not offered for %s; offered: %s' % (request_option(request, options, option), wanted, name, offered)
    orderable = [offer for offer in candidates if offer['orderable']]
    if not orderable:
        return None, ('%s is not orderable (offer: %s): OVHcloud offers no registration or transfer for it now; it may be reserved, '
                      'or held elsewhere without a transfer being possible' % (name, offered))
    if len(orderable) > 1:
        return None, '%s has several orderable offers (%s); set its pricing_mode to one of %s' % (
            name, offered, ', '.join(offer['pricing_mode'] for offer in orderable))
    offer = orderable[0]
    if offer['premium'] and not (options or {}).get('allow_premium'):
        kind = 'an aftermarket' if 'aftermarket' in (offer['pricing_mode'] or '') else 'a premium'
        return None, '%s is %s name (pricing mode %s) at %s; set %s=true to order it at that price' % (
            name, kind, offer['pricing_mode'], format_amount(offer['price'], offer['currency']), option_name(options, 'allow_premium'))
    if offer['durations'] and request['duration'] not in offer['durations']:
        return None, 'duration %s is not offered for %s; offered durations: %s' % (request['duration'], name, ', '.join(offer['durations']))
    return offer, None


def with_owner_contacts(decisions, paths) -> list:
    """The decisions of the domains in ``paths`` (domain → owner contact path, or None for one still
    to create) with their ``owner_contact``."""
    return [dict(decision, owner_contact=paths[decision['request']['name']]) if decision['request']['name'] in paths else decision
            for decision in decisions]


def plan_labels(request, offer, owner_legal_age: bool, owner_contact=None) -> tuple:
    """(labels to set, missing required labels, refusal reason or None) for a domain's cart item.

    ``OWNER_LEGAL_AGE`` is set (to true) when the offer lists it and the owner's legal age was
    certified; every other label comes from the request and must be one the offer takes."""
    accepted = [entry['label'] for entry in offer.get('required_configurations') or ()]
    required = [entry['label'] for entry in offer.get('required_configurations') or () if entry['required']]
    labels = dict(request.get('labels') or {})
    refused = [label for label in labels if label not in accepted]
    if refused:
        return {}, [], '%s (%s) does not take the configuration %s; it takes %s' % (
            request['unicode'], describe_offer(offer), ', '.join(refused), ', '.join(accepted) or 'none')
    if owner_legal_age and 'OWNER_LEGAL_AGE' in accepted:
        labels['OWNER_LEGAL_AGE'] = 'true'
    if request.get('owner') and 'OWNER_CONTACT' in accepted:
        # The contact found or created for these owner fields; its path is known once the run orders.
        labels['OWNER_CONTACT'] = owner_contact
    missing = [label for label in required if label not in labels]
    return labels, missing, None


def decide_offer(decision, offers, options) -> dict:
    """Stage 2 for one ``to_order`` decision: ``would_order`` with its offer, labels and missing
    labels, or ``refused`` with the reason. ``options``: ``allow_premium``, ``owner_legal_age``,
    ``require_complete`` (missing labels refuse the domain: every real run)."""
    request = decision['request']
    offer, reason = choose_offer(request, offers, options)
    labels, missing = {}, []
    if reason is None:
        labels, missing, reason = plan_labels(request, offer, options.get('owner_legal_age'), decision.get('owner_contact'))
    if reason is None and missing and options.get('require_complete'):
        reason = '%s needs the configuration%s %s before it can be ordered%s' % (
            request['unicode'], 's' if len(missing) > 1 else '', ', '.join(missing), _missing_hint(missing, options))
    if reason is not None:
        return dict(decision, outcome='refused', reason=reason, offer=offer)
    return dict(decision, outcome='would_order', offer=offer, labels=sorted(labels), missing=missing)


def _missing_hint(missing, options) -> str:
    hints = []
    if 'OWNER_LEGAL_AGE' in missing:
        hints.append('OWNER_LEGAL_AGE certifies that the owner is of legal age: set %s: true if that is so'
                     % option_name(options, 'owner_legal_age'))
    if 'AUTH_INFO' in missing:
        hints.append('AUTH_INFO is the transfer code from the current registrar: give it as the auth_info of the domain in %s'
                     % option_name(options, 'domains'))
    others = [label for label in missing if label not in ('OWNER_LEGAL_AGE', 'AUTH_INFO')]
    if others:
        verb = 'goes' if len(others) == 1 else 'go'
        hints.append('%s %s in the configurations of the domain in %s' % (', '.join(others), verb, option_name(options, 'domains')))
    return ' (%s)' % '; '.join(hints) if hints else ''


def decide_eligibility(decisions, verdicts, rules, options, held_by_account=()) -> list:
    """Refuse the domains whose owner the registry's rules do not accept.

    ``verdicts``: domain → the refused fields (``{field: message}``, empty when accepted), from
    ``POST /domain/configurationRule/check``; ``rules``: domain → the rule tree of a refused domain
    (``GET /domain/configurationRule``), which names the rule behind each refused field;
    ``held_by_account``: the domains whose owner would be the account holder (no owner given)."""
    result = []
    for decision in decisions:
        request = decision['request']
        violations = verdicts.get(request['name']) or {}
        if decision['outcome'] not in ('to_order', 'would_order') or not violations:
            result.append(decision)
            continue
        parts = [_refused_field(request, field, message, rules.get(request['name']) or {}, options, request['name'] in held_by_account)
                 for field, message in violations.items()]
        reason = '%s cannot be ordered for this owner, by the registry\'s rules: %s' % (request['unicode'], '; '.join(parts))
        result.append(dict(decision, outcome='refused', reason=reason))
    return result


def _refused_field(request, field, message, rule_tree, options, held_by_account=False) -> str:
    rule = describe_rule(rule_tree, field)
    text = '%s - %s%s' % (field, message, ' (registry rule: %s %s)' % (snake_field(field), rule) if rule else '')
    if field.startswith('owner') and held_by_account:
        fix = ('the owner would be the account holder (GET /me), as no owner is given: give one as %s or %s[%d].owner'
               % (option_name(options, 'owner'), option_name(options, 'domains'), request['index']))
    elif field.startswith('owner'):
        where = request.get('owner_source') or option_name(options, 'owner')
        fix = 'change %s.%s' % (where, snake_field(field)) if field != 'owner' else 'give the owner (%s)' % where
    elif field == 'extras.acceptCondition':
        fix = 'accept the registry\'s conditions with configurations.ACCEPT_CONDITIONS: true'
    elif field == 'domain.authInfo':
        fix = 'give the transfer code as the auth_info of the domain'
    else:
        fix = 'see the registry\'s rules (GET /domain/configurationRule?action=...&domain=%s)' % request['name']
    return '%s: %s' % (text, fix)


def decide_offers(decisions, offers_by_domain, options) -> list:
    return [decide_offer(decision, offers_by_domain.get(decision['request']['name']) or [], options)
            if decision['outcome'] == 'to_order' else decision for decision in decisions]


# -- OVHcloud's dry run ---------------------------------------------------------------------
def dry_run_fix(request, message: str, details, options) -> str:
    """What to change so that OVHcloud's dry run accepts a domain it refused with ``message``."""
    where = '%s[%d]' % (option_name(options, 'domains'), request.get('index', 0))
    details = details if isinstance(details, dict) else {}
    fixes = []
    if 'AUTH_INFO' in message:
        fixes.append("give the current registrar's transfer code as %s.auth_info" % where)
    if 'PROTECTED_CODE' in message:
        fixes.append('give the code the registry sent as %s.configurations.PROTECTED_CODE' % where)
    if details.get('missing'):
        fixes.append('give %s in %s.configurations' % (details['missing'], where))
    if details.get('duplicated'):
        fixes.append('remove the duplicated %s' % details['duplicated'])
    if 'OWNER_LEGAL_AGE' in message or 'OWNER_LEGAL_AGE' in details:
        fixes.append('set %s: true if the owner is of legal age' % option_name(options, 'owner_legal_age'))
    if 'OWNER_CONTACT' in message:
        fixes.append('give an existing contact as %s.owner_contact (or the owner as %s.owner)' % (where, where))
    return '; '.join(fixes) or "correct what OVHcloud's message names"


def decide_dry_run_refusal(decisions, refused, reason) -> list:
    """After OVHcloud's dry run refused the order: the ``would_order`` decisions of ``refused``
    (domain → why) become ``refused``; the others ``not_ordered``, keeping their prices. ``reason``
    is OVHcloud's refusal, given to every domain when none is named."""
    result = []
    for decision in decisions:
        name = decision['request']['name']
        if decision['outcome'] != 'would_order':
            result.append(decision)
        elif not refused:
            result.append(dict(decision, outcome='refused', reason=reason))
        elif name in refused:
            result.append(dict(decision, outcome='refused', reason=refused[name]))
        else:
            result.append(dict(decision, outcome='not_ordered', reason='not ordered: OVHcloud refused the order because of %s'
                               % ', '.join(sorted(refused))))
    return result


# -- stage 3: prices --------------------------------------------------------------------------
def _money(value) -> Decimal | None:
    if value is None:
        return None
    amount = Decimal(str(value))
    return amount if amount.is_finite() else None


def price_decisions(decisions, item_prices, totals=None) -> list:
    """Give each ``would_order`` decision its price for the whole duration.

    ``item_prices``: domain → ``(total without tax, currency)`` of its cart item (the item is priced
    for its own duration); ``totals``: the cart's ``(without tax, with tax)`` when known, whose
    ratio spreads the tax over the domains (OVHcloud gives the tax for the whole order only)."""
    rate = None
    if totals and _money(totals[0]):
        rate = _money(totals[1]) / _money(totals[0])
    priced = []
    for decision in decisions:
        if decision['outcome'] == 'would_order' and decision['request']['name'] in item_prices:
            value, currency = item_prices[decision['request']['name']]
            amount = _money(value)
            with_tax = (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP) if amount is not None and rate is not None else None
            decision = dict(decision, price=float(amount) if amount is not None else None, currency=currency,
                            price_with_tax=float(with_tax) if with_tax is not None else None)
        priced.append(decision)
    return priced


def order_total(decisions) -> tuple:
    """(total without tax, currency or None if several) of the ``would_order`` decisions."""
    chosen = [decision for decision in decisions if decision['outcome'] == 'would_order']
    currencies = {decision.get('currency') for decision in chosen if decision.get('currency')}
    total = sum((_money(decision.get('price')) or Decimal('0') for decision in chosen), Decimal('0'))
    return total, (currencies.pop() if len(currencies) == 1 else None)


def budget_problem(decisions, options, total_with_tax=None) -> str | None:
    """Why the domains to order must not be ordered at their price, or None.

    Compared with ``max_price`` on ``price_basis``: the cart's total with tax when known, else the
    items' total without tax (which the order with tax cannot cost less than). ``currency``, when
    set, must be the items' currency."""
    chosen = [decision for decision in decisions if decision['outcome'] == 'would_order']
    if not chosen:
        return None
    total, currency = order_total(chosen)
    currencies = sorted({decision.get('currency') for decision in chosen if decision.get('currency')})
    wanted = options.get('currency')
    if wanted and any(found != wanted for found in currencies):
        return 'the domains are priced in %s, not in %s (%s)' % (', '.join(currencies), wanted, option_name(options, 'currency'))
    max_price = options.get('max_price')
    if max_price is None:
        return None
    basis = options.get('price_basis') or 'with_tax'
    amount, label = total, 'without tax'
    if basis == 'with_tax' and total_with_tax is not None:
        amount, label = _money(total_with_tax), 'with tax'
    if amount > _money(max_price):
        lines = ', '.join('%s %s for %s' % (decision['request']['unicode'], format_amount(decision.get('price'), decision.get('currency')),
                                            decision['request']['duration']) for decision in chosen)
        return 'the domains to order cost %s %s %s (%s), above %s %s: raise it or order fewer domains' % (
            amount.quantize(CENT), currency or '/'.join(currencies), label, lines, option_name(options, 'max_price'), _money(max_price))
    return None


# -- the record -------------------------------------------------------------------------------
def outcome_record(decision, order=None) -> dict:
    """The record of one domain, as results show it. ``order``: the order that now holds it (after
    a checkout), whose detail lines give its price."""
    request = decision['request']
    outcome = decision['outcome']
    record = {
        'domain': request['name'],
        'domain_unicode': request['unicode'],
        'outcome': outcome,
        'reason': decision.get('reason'),
        'duration': request['duration'],
        'action': None,
        'pricing_mode': None,
        'order_id': None,
        'status': None,
        'paid': None,
        'url': None,
        'price': decision.get('price'),
        'price_with_tax': decision.get('price_with_tax'),
        'currency': decision.get('currency'),
        'configurations': list(decision.get('labels') or []),
        'missing': list(decision.get('missing') or []),
        'owner_contact': decision.get('owner_contact') if request.get('owner') else request['labels'].get('OWNER_CONTACT'),
    }
    offer = decision.get('offer')
    if offer:
        record['action'] = offer.get('action')
        record['pricing_mode'] = offer.get('pricing_mode')
    pending = decision.get('order')
    if outcome == 'already_owned':
        record['paid'] = True
    if pending is not None:
        record.update(order_id=pending['order_id'], status=pending['status'], paid=pending['paid'], url=pending.get('url'))
    if order is not None:
        record.update(outcome='ordered', reason=None, order_id=order['order_id'], status=order.get('status'), paid=order.get('paid'),
                      url=order.get('url'))
        price, currency = domain_prices(order.get('details')).get(request['name'], (None, None))
        if price is not None:
            record['price'], record['currency'] = price, currency
    return record
