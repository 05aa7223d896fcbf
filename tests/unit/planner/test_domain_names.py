# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one canonical form of a domain name (plugins/module_utils/_domain.py): IDNA 2008 with the
UTS #46 mapping, non-transitional, as registries convert names today. Under IDNA 2003 (Python's
own codec) ß became ss and ς became σ, and joiners vanished: another domain was bought."""

from __future__ import annotations

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._domain import (
    canonical_domain, lookalike_warning, normalize_domain, unicode_domain)
from ansible_collections.ovhcloud.order.plugins.module_utils._validation import domain_requests


@pytest.mark.parametrize('given, ascii_name, shown', [
    # Deviation characters keep their own code points (IDNA 2003 mapped them away).
    ('straße.de', 'xn--strae-oqa.de', 'straße.de'),
    ('faß.de', 'xn--fa-hia.de', 'faß.de'),
    ('ελληνικός.gr', 'xn--qxaegecap6byf.gr', 'ελληνικός.gr'),
    # A zero width non-joiner where Persian needs it is part of the name.
    ('نامه\u200cای.com', 'xn--mgba3gch31f060k.com', 'نامه\u200cای.com'),
    # Upper case, full-width letters and ideographic full stops are mapped, as UTS #46 says.
    ('BÜCHER.de', 'xn--bcher-kva.de', 'bücher.de'),
    ('ＥＸＡＭＰＬＥ.com', 'example.com', 'example.com'),
    ('例え。jp', 'xn--r8jz45g.jp', '例え.jp'),
    ('XN--STRAE-OQA.DE.', 'xn--strae-oqa.de', 'straße.de'),
    ('strasse.de', 'strasse.de', 'strasse.de'),
])
def test_names_are_converted_by_idna_2008(given, ascii_name, shown):
    assert normalize_domain(given) == ascii_name
    assert unicode_domain(ascii_name) == shown
    assert canonical_domain(given) == ascii_name


@pytest.mark.parametrize('given, reason', [
    ('a\u200db.com', 'zero width joiner or non-joiner'),
    ('a\u200cb.com', 'zero width joiner or non-joiner'),
    ('😀.com', 'does not allow U+1F600 GRINNING FACE'),
    ('shop☃.com', 'does not allow U+2603 SNOWMAN'),
    ('xn--abc.com', 'does not allow the character U+0082 in a domain name'),  # a control character, which has no name
    ('abcא.com', 'mixes right-to-left and left-to-right'),
    ('ab\u00ad.com', 'U+00AD SOFT HYPHEN, which IDNA ignores'),
    ('xn--zz.com', 'not valid punycode'),
])
def test_names_idna_2008_refuses_are_refused_naming_the_entry(given, reason):
    with pytest.raises(ValueError) as raised:
        domain_requests([{'name': 'example.com'}, {'name': given}], 'domain_order_domains')
    message = str(raised.value)
    assert message.startswith('domain_order_domains[1].name %r is not a valid domain name' % given)
    assert reason in message


def test_a_name_and_its_idna_2003_lookalike_are_two_domains():
    requests = domain_requests([{'name': 'straße.de'}, {'name': 'strasse.de'}, {'name': 'ΣΑΣ.gr'}, {'name': 'σας.gr'}])
    assert [(request['name'], request['unicode']) for request in requests] == [
        ('xn--strae-oqa.de', 'straße.de'), ('strasse.de', 'strasse.de'), ('xn--mxa9ab.gr', 'σασ.gr'), ('xn--mxa8ab.gr', 'σας.gr')]


def test_the_same_name_in_two_forms_is_listed_twice():
    with pytest.raises(ValueError, match=r'domains\[1\]: xn--strae-oqa.de is listed twice \(also as domains\[0\]\)'):
        domain_requests([{'name': 'Straße.de'}, {'name': 'xn--strae-oqa.de'}])


def test_mixed_scripts_are_warned_about_but_ordered():
    [request] = domain_requests([{'name': 'pаypal.com'}], 'domain_order_domains')   # a Cyrillic а
    assert request['name'] == 'xn--pypal-4ve.com'
    assert request['lookalike'] == ('domain_order_domains[0].name pаypal.com mixes Cyrillic and Latin letters in one label: it is the '
                                    'domain xn--pypal-4ve.com, not the name it may look like; check that this is the name you mean')
    # Scripts that are written together (Japanese, Latin beside it) are no warning.
    assert lookalike_warning(normalize_domain('例えtest.jp')) is None
    assert lookalike_warning(normalize_domain('straße.de')) is None


def test_names_read_from_the_api_stay_readable_when_invalid():
    assert canonical_domain('*') is None and canonical_domain('') is None
    assert canonical_domain('Bad_Name.COM.') == 'bad_name.com'
    assert unicode_domain('xn--zz.com') == 'xn--zz.com'
