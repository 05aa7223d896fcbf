# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Checks of user input that more than one entry point needs (modules, the role's input check):
each input is checked in one function, which raises ``ValueError`` with a message that names the
option (or role variable) as the caller calls it, and the values it accepts."""

from __future__ import annotations

import math
import re

from ansible_collections.ovhcloud.order.plugins.module_utils._domain import lookalike_warning, normalize_domain, unicode_domain, validate_duration
from ansible_collections.ovhcloud.order.plugins.module_utils._format import DOCUMENTED_LABELS, configuration_value, contact_fields

ACTIONS = ('create', 'transfer')
_CONTACT_PATH = re.compile(r'^/(me|domain)/contact/[0-9]+$')
# Labels that a domain entry sets through a field of its own rather than through ``configurations``.
FIELD_LABELS = {'auth_info': 'AUTH_INFO', 'dns_servers': 'DNS', 'owner_contact': 'OWNER_CONTACT'}


def number(value, option: str, minimum: float | None = None, above: float | None = None):
    """A finite number (``int``/``float``, or text holding one), at least ``minimum`` or more than
    ``above``. None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError('%s must be a number, got %r' % (option, value))
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ValueError('%s must be a number, got %r' % (option, value)) from None
    if not math.isfinite(result):
        raise ValueError('%s must be a finite number, got %r' % (option, value))
    if minimum is not None and result < minimum:
        if minimum == 0:
            raise ValueError('%s must not be negative, got %r' % (option, value))
        raise ValueError('%s must be %s or more, got %r' % (option, _show(minimum), value))
    if above is not None and result <= above:
        if above == 0:
            raise ValueError('%s must be a positive number, got %r' % (option, value))
        raise ValueError('%s must be more than %s, got %r' % (option, _show(above), value))
    return result


def _show(limit) -> str:
    return '%d' % limit if float(limit).is_integer() else '%s' % limit


def contact_path(value, option: str) -> str:
    text = str(value).strip()
    if not _CONTACT_PATH.match(text):
        raise ValueError('%s must be the path of an OVHcloud contact such as /me/contact/1234 or /domain/contact/12345, got %r'
                         % (option, value))
    return text


def labels_of(entry: dict, option: str, defaults: dict) -> dict:
    """Label → value (text) of one domain entry: its ``configurations`` plus the fields that stand
    for a label (``auth_info``, ``dns_servers``, ``owner_contact``, with their defaults)."""
    configurations = entry.get('configurations') or {}
    if not isinstance(configurations, dict):
        raise ValueError('%s.configurations must be a dict of label to value, got %r' % (option, configurations))
    labels = {}
    for label, value in configurations.items():
        if label not in DOCUMENTED_LABELS:
            raise ValueError('%s.configurations: %s is not a configuration label; the labels are %s'
                             % (option, label, ', '.join(DOCUMENTED_LABELS)))
        if label == FIELD_LABELS['auth_info']:
            raise ValueError('%s.configurations must not hold %s: give the transfer code as %s.auth_info, which is never printed'
                             % (option, label, option))
        if label in FIELD_LABELS.values():
            field = next(name for name, field_label in FIELD_LABELS.items() if field_label == label)
            raise ValueError('%s.configurations: set %s through %s.%s' % (option, label, option, field))
        if value is not None:
            labels[label] = configuration_value(label, value, '%s.configurations' % option)
    auth_info = entry.get('auth_info')
    if auth_info not in (None, ''):
        labels['AUTH_INFO'] = str(auth_info)
    servers = entry.get('dns_servers')
    if servers is None:
        servers = defaults.get('dns_servers')
    if servers:
        if isinstance(servers, str) or not all(isinstance(server, str) and server.strip() for server in servers):
            raise ValueError('%s.dns_servers must be a list of name server host names, got %r' % (option, servers))
        labels['DNS'] = configuration_value('DNS', list(servers), option)
    owner = entry.get('owner_contact') or defaults.get('owner_contact')
    if owner:
        labels['OWNER_CONTACT'] = contact_path(owner, '%s.owner_contact' % option)
    return labels


def domain_requests(entries, option: str = 'domains', defaults: dict | None = None) -> list:
    """The requests of a list of domain entries ``{name, duration, action, pricing_mode, auth_info,
    dns_servers, owner_contact, configurations}`` (see the ``_planner`` module)."""
    defaults = defaults or {}
    if not isinstance(entries, list) or not entries:
        raise ValueError('%s must list at least one domain, such as [{name: example.com}]' % option)
    requests, seen = [], {}
    for index, entry in enumerate(entries):
        where = '%s[%d]' % (option, index)
        if isinstance(entry, str):
            entry = {'name': entry}
        if not isinstance(entry, dict):
            raise ValueError('%s must be a dict with at least a name, got %r' % (where, entry))
        name = normalize_domain(entry.get('name'), '%s.name' % where)
        if name in seen:
            raise ValueError('%s: %s is listed twice (also as %s[%d]); names are compared in lower case, without a trailing dot and '
                             'in their ASCII form (IDNA 2008)' % (where, entry.get('name'), option, seen[name]))
        seen[name] = index
        action = entry.get('action')
        if action not in (None, '') and action not in ACTIONS:
            raise ValueError('%s.action must be one of %s, got %r' % (where, ', '.join(ACTIONS), action))
        owner, owner_source = _owner_of(entry, where, defaults)
        labels = labels_of(entry, where, dict(defaults, owner_contact=None if owner else defaults.get('owner_contact')))
        requests.append({
            'index': index,
            'name': name,
            'unicode': unicode_domain(name),
            'lookalike': lookalike_warning(name, '%s.name' % where),
            'duration': validate_duration('P1Y' if entry.get('duration') is None else entry['duration'], '%s.duration' % where),
            'action': action or None,
            'pricing_mode': entry.get('pricing_mode') or None,
            'labels': labels,
            'owner': owner,
            'owner_source': owner_source,
        })
    return requests


def _owner_of(entry, where, defaults) -> tuple:
    """(the owner's contact fields, the option they come from), or (None, None): the entry's own
    owner, else the default owner unless the entry names an owner contact of its own."""
    if entry.get('owner') is not None:
        if entry.get('owner_contact'):
            raise ValueError('%s: give the owner either as owner (contact fields) or as owner_contact (a contact path), not both' % where)
        return contact_fields(entry['owner'], '%s.owner' % where), '%s.owner' % where
    if defaults.get('owner') is not None and not entry.get('owner_contact'):
        return defaults['owner'], defaults.get('owner_option', 'owner')
    return None, None


def payment_choice(auto_pay, payment_method_id, payment_mean, names: dict | None = None) -> None:
    """At most one way to pay."""
    names = names or {}
    given = (('auto_pay', auto_pay), ('payment_method_id', payment_method_id is not None), ('payment_mean', bool(payment_mean)))
    chosen = [names.get(key, key) for key, value in given if value]
    if len(chosen) > 1:
        raise ValueError('%s are ways to pay that exclude each other; set only one of them' % ' and '.join(chosen))
