# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Validation and normalisation of user input that several modules share, and the one canonical
form of a domain name. Pure functions: each validator raises ``ValueError`` with a message that
names the option and what it accepts.

A domain name is lower case ASCII without a trailing dot on the wire and in every comparison
(an internationalised name in its punycode form, ``xn--bcher-review-xob.de``); results show both
that form and the Unicode one (``bücher-review.de``)."""

from __future__ import annotations

import re

# nichandle.OvhSubsidiaryEnum, the union of the EU, CA and US APIs' values.
OVH_SUBSIDIARIES = (
    'ASIA', 'AU', 'CA', 'CZ', 'DE', 'ES', 'EU', 'FI', 'FR', 'GB', 'IE', 'IN', 'IT', 'LT', 'MA', 'NL',
    'PL', 'PT', 'QC', 'SG', 'SN', 'TN', 'US', 'WE', 'WS',
)
DOMAIN_DURATIONS = tuple('P%dY' % years for years in range(1, 11))
_LABEL = re.compile(r'^(?!-)[a-z0-9-]{1,63}(?<!-)$')
# The public suffixes of more than one label under which OVHcloud sells names: their plan code is the
# whole suffix (``co.uk``), where every other name's is its last label. A small table rather than the
# whole Public Suffix List (a dependency, updated apart from the collection): that list also names
# thousands of suffixes nobody sells through OVHcloud (``gov.uk``, ``github.io``). A name under a
# suffix missing here gets its last label as plan code, which is not the plan OVHcloud sells it under:
# add the suffix here.
MULTI_LABEL_SUFFIXES = frozenset((
    'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk',
    'com.au', 'net.au', 'org.au', 'id.au', 'asn.au',
    'com.es', 'nom.es', 'org.es',
    'com.fr', 'asso.fr', 'tm.fr',
    'com.pl', 'net.pl', 'org.pl', 'info.pl', 'biz.pl',
))
_TLD = re.compile(r'^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$')


def _to_ascii(text: str) -> str:
    return '.'.join(label.encode('idna').decode('ascii') if not label.isascii() else label for label in text.split('.'))


def canonical_domain(value) -> str | None:
    """The canonical form of a domain name read from the API (a cart item, an order detail line):
    lower case ASCII, no trailing dot. None for an empty name or ``*`` (lines that name no domain)."""
    text = str(value or '').strip().rstrip('.').lower()
    if text in ('', '*'):
        return None
    try:
        return _to_ascii(text)
    except UnicodeError:
        return text


def unicode_domain(ascii_name: str) -> str:
    """The Unicode form of a canonical name (``xn--bcher-review-xob.de`` → ``bücher-review.de``)."""
    labels = []
    for label in ascii_name.split('.'):
        try:
            labels.append(label.encode('ascii').decode('idna') if label.startswith('xn--') else label)
        except UnicodeError:
            labels.append(label)
    return '.'.join(labels)


def normalize_domain(name, option: str = 'domain') -> str:
    """A domain name given by the user, validated, in its canonical form (see :func:`canonical_domain`)."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError('%s must be a domain name such as example.com, got %r' % (option, name))
    text = name.strip().rstrip('.').lower()
    try:
        ascii_name = _to_ascii(text)
    except UnicodeError:
        raise ValueError('%s %r is not a valid domain name (its internationalised form cannot be encoded)' % (option, name)) from None
    labels = ascii_name.split('.')
    if len(ascii_name) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        raise ValueError(
            '%s %r is not a valid domain name: it needs at least two labels of letters, digits and inner hyphens '
            '(1 to 63 characters each), such as example.com' % (option, name))
    return ascii_name


def validate_duration(duration, option: str = 'duration') -> str:
    """A registration period as OVH writes it: P1Y to P10Y."""
    text = str(duration).strip().upper() if duration is not None else ''
    if text not in DOMAIN_DURATIONS:
        raise ValueError('%s must be one of %s, got %r' % (option, ', '.join(DOMAIN_DURATIONS), duration))
    return text


def validate_subsidiary(subsidiary, option: str = 'ovh_subsidiary') -> str:
    text = str(subsidiary).strip().upper()
    if text not in OVH_SUBSIDIARIES:
        raise ValueError('%s must be one of %s, got %r' % (option, ', '.join(OVH_SUBSIDIARIES), subsidiary))
    return text


def plan_code_for(domain: str) -> str:
    """The planCode OVHcloud sells a name under: its public suffix (``com`` for example.com,
    ``co.uk`` for shop.co.uk), the longest of :data:`MULTI_LABEL_SUFFIXES` the name ends with, else
    its last label. An offer that names its own plan code wins over this (``_cart.normalize_offer``)."""
    labels = domain.split('.')
    for size in range(len(labels) - 1, 1, -1):
        suffix = '.'.join(labels[-size:])
        if suffix in MULTI_LABEL_SUFFIXES:
            return suffix
    return labels[-1]
