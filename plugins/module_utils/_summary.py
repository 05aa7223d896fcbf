# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""What an order run tells a person: the summary lines of ovh_domain_order and the domain_order role,
and the new order as the module returns it. Pure functions of the run's records."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.module_utils._domain import shown_name


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
        name = shown_name(record['domain_unicode'], record['domain'])
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


def seconds_text(value) -> str:
    return '%d' % value if float(value).is_integer() else '%s' % value


def order_summary(order) -> dict | None:
    """The new order as ovh_domain_order returns it."""
    if order is None:
        return None
    keys = ('order_id', 'status', 'paid', 'payment', 'url', 'prices', 'domains', 'contracts')
    return {key: order.get(key) for key in keys}
