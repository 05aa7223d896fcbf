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
that form and the Unicode one (``bücher-review.de``).

Internationalised names are converted as registries do today: IDNA 2008 with the UTS #46 mapping,
non-transitional (the ``idna`` library, which ``requests`` depends on). Python's own ``idna``
codec implements IDNA 2003, which maps ``ß`` to ``ss``, ``ς`` to ``σ`` and drops joiners: with it,
``straße.de`` would be ordered as ``strasse.de``, a different domain. It is never used here."""

from __future__ import annotations

import re
import unicodedata

try:
    import idna
except ImportError:  # pragma: no cover - requests depends on idna; _module.py reports it missing
    idna = None

HAS_IDNA = idna is not None

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
# A full stop and the dots UTS #46 maps to it (ideographic, fullwidth, halfwidth): a trailing one is dropped.
_DOTS = '.\u3002\uff0e\uff61'
_TLD = re.compile(r'^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$')
# Scripts that one label may mix without a warning: Japanese, Korean and Chinese writing mix these,
# and Latin letters go with any of them.
_SCRIPT_FAMILIES = (frozenset(('CJK', 'HIRAGANA', 'KATAKANA')), frozenset(('CJK', 'HANGUL')), frozenset(('CJK', 'BOPOMOFO')))


def _idna_error(exc) -> str:
    """What the idna library refused, without its internal wording for the common cases."""
    text = str(exc)
    if 'Joiner' in text:
        return 'it holds a zero width joiner or non-joiner where IDNA 2008 does not allow one'
    if 'Codepoint' in text and 'not allowed' in text:
        found = re.search(r'U\+([0-9A-F]{4,6})', text)
        if found:
            name = unicodedata.name(chr(int(found.group(1), 16)), None)
            shown = 'U+%s %s' % (found.group(1), name) if name else 'the character U+%s' % found.group(1)  # control characters have no name
            return 'IDNA 2008 does not allow %s in a domain name' % shown
    if 'direction' in text.lower() or 'bidi' in text.lower():
        return 'it mixes right-to-left and left-to-right characters in one label, which IDNA 2008 does not allow'
    if 'A-label' in text or 'punycode' in text.lower():
        return 'an xn-- label is not valid punycode'
    return 'IDNA 2008 refuses it (%s)' % text


def _ignored_characters(text: str) -> list:
    """Characters that the UTS #46 mapping removes silently (a soft hyphen, a variation selector):
    a name holding one would be ordered without it."""
    return [char for char in dict.fromkeys(text) if not char.isascii() and idna.uts46_remap(char, std3_rules=True, transitional=False) == '']


def _to_ascii(text: str) -> str:
    """The IDNA 2008 (UTS #46, non-transitional) ASCII form of a name; ``ValueError`` says why not."""
    lowered = text.lower()
    if lowered.isascii() and 'xn--' not in lowered:
        return lowered
    if idna is None:
        raise ValueError('the idna Python library is needed to convert internationalised names (it comes with requests)')
    ignored = _ignored_characters(text)
    if ignored:
        raise ValueError('it holds %s, which IDNA ignores: the name would be ordered without %s; write the name without %s'
                         % (', '.join('U+%04X %s' % (ord(char), unicodedata.name(char, '')) for char in ignored),
                            'it' if len(ignored) == 1 else 'them', 'it' if len(ignored) == 1 else 'them'))
    try:
        return idna.encode(text, uts46=True, std3_rules=True, transitional=False).decode('ascii')
    except (idna.IDNAError, UnicodeError) as exc:
        raise ValueError(_idna_error(exc)) from None


def canonical_domain(value) -> str | None:
    """The canonical form of a domain name read from the API (a cart item, an order detail line):
    lower case ASCII, no trailing dot. None for an empty name or ``*`` (lines that name no domain)."""
    text = str(value or '').strip().rstrip(_DOTS)
    if text in ('', '*'):
        return None
    try:
        return _to_ascii(text)
    except ValueError:
        return text.lower()


def unicode_domain(ascii_name: str) -> str:
    """The Unicode form of a canonical name (``xn--strae-oqa.de`` → ``straße.de``), label by label;
    a label that is not valid punycode stays as it is."""
    labels = []
    for label in ascii_name.split('.'):
        if label.startswith('xn--') and idna is not None:
            try:
                label = idna.decode(label)
            except (idna.IDNAError, UnicodeError):
                pass
        labels.append(label)
    return '.'.join(labels)


def shown_name(unicode_name: str, ascii_name: str) -> str:
    """A domain for a person: an internationalised name with the ASCII name that is ordered
    (``straße.de (xn--strae-oqa.de)``), so that the name bought is plain even where Ansible's diff
    or a terminal escapes the non-ASCII letters; an ASCII name as it is."""
    return ascii_name if unicode_name == ascii_name else '%s (%s)' % (unicode_name, ascii_name)


def mixed_scripts(name: str) -> list:
    """The labels of a (Unicode) name whose letters come from scripts that are not written together,
    such as Latin and Cyrillic (``pаypal`` with a Cyrillic ``а``): a different name from the one
    it looks like. Each entry is ``(label, [scripts])``."""
    found = []
    for label in name.split('.'):
        scripts = {unicodedata.name(char, 'UNKNOWN').split(' ')[0] for char in label if char.isalpha()}
        others = scripts - {'LATIN'}
        if len(scripts) > 1 and not any(others <= family for family in _SCRIPT_FAMILIES):
            found.append((label, sorted(scripts)))
    return found


def lookalike_warning(ascii_name: str, option: str = 'domain') -> str | None:
    """A warning for a name whose labels mix scripts (see :func:`mixed_scripts`), or None."""
    name = unicode_domain(ascii_name)
    found = mixed_scripts(name)
    if not found:
        return None
    return ('%s %s mixes %s letters in one label: it is the domain %s, not the name it may look like; check that this is the name '
            'you mean' % (option, name, ' and '.join(script.title() for script in found[0][1]), ascii_name))


def normalize_domain(name, option: str = 'domain') -> str:
    """A domain name given by the user, validated, in its canonical form (see :func:`canonical_domain`)."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError('%s must be a domain name such as example.com, got %r' % (option, name))
    text = name.strip().rstrip(_DOTS)
    try:
        ascii_name = _to_ascii(text)
    except ValueError as exc:
        raise ValueError('%s %r is not a valid domain name: %s' % (option, name, exc)) from None
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
