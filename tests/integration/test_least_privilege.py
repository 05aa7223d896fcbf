# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The access rules of each use, as the guides "Order your first domain" and "Renew before it is too
late" give them, are exactly what the use needs: a consumer key made with a list (POST /auth/credential, validated) runs the use
through the shipped playbooks with every rule used and no call refused; a key without one of the
rules fails, and the message names the refused call and the rule to add. The lists are read from
the guide itself (``.. access-rules: NAME`` blocks)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from doc_snippets import access_rule_sets, snippets
from playbook_helpers import role_variables

from ansible_collections.ovhcloud.order.plugins.module_utils._claim import claim_description
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import DOCUMENTED_ACCESS_RULES

PLAYBOOKS = Path(__file__).resolve().parents[2] / 'playbooks'
RULE_SETS = access_rule_sets()
RENEWAL_RULE_SETS = access_rule_sets('docs/docsite/rst/guide_renewals.rst')
OWNER = {'legal_form': 'corporation', 'organisation_name': 'Least Privilege SAS', 'email': 'domains@example.com',
         'phone': '+33.123456789', 'language': 'fr_FR', 'address': {'line1': '1 rue de l\'Exemple', 'city': 'Paris', 'zip': '75001',
                                                                    'country': 'FR'}}
ORDER_USES = [
    # (use, the guide's rule list, the role's variables beyond the usual ones (a function of the domain name), the rule left out)
    # A new name and a transfer (a taken- name, with its code) in one order: the guide gives both one list.
    ('order and transfer', 'order',
     lambda name: {'domain_order_domains': [{'name': name}, {'name': 'taken-' + name, 'auth_info': 'SIM-AUTH-OK'}]}, ('GET', '/me/order/*')),
    ('owner', 'order-owner', lambda name: {'domain_order_owner': dict(OWNER, email='domains@%s' % name)},
     ('POST', '/domain/configurationRule/check')),
    ('payment method', 'pay-payment-method', lambda name: {'domain_order_auto_pay': False, 'domain_order_payment_method_id': 1},
     ('GET', '/me/payment/method/*')),
    ('payment mean', 'pay-payment-mean',
     lambda name: {'domain_order_auto_pay': False, 'domain_order_payment_mean': 'creditCard', 'domain_order_payment_mean_id': 101},
     ('POST', '/me/order/*')),
]


def _covers(pattern: str, path: str) -> bool:
    return re.match('^' + re.escape(pattern).replace('\\*', '.*') + '$', path) is not None


def _as_rules(rules) -> list:
    return [{'method': method, 'path': path} for method, path in rules]


def _key_requests(sim) -> list:
    """The requests signed with a consumer key made in this test (not the built-in ones)."""
    return [entry for entry in sim.requests() if (entry.get('credentialId') or 0) > 424300]


def assert_exactly_used(sim, rules):
    """No call was refused, and every rule granted at least one of the calls made."""
    made = _key_requests(sim)
    assert made, 'no request was signed with the new key'
    assert [entry for entry in made if entry['status'] in (401, 403)] == []
    unused = [rule for rule in rules if not any(entry['method'] == rule[0] and _covers(rule[1], entry['path']) for entry in made)]
    assert unused == [], 'rules that no call of this use needed: %s' % unused


def seed_claim_of_another_run(sim, name):
    """Another run's live claim on ``name`` (its cart, assigned to the account, holding ticket 1): a
    run ordering ``name`` too writes its own ticket in its cart's description and gives way on it, so
    the rules for meeting another run are used as well."""
    client = sim.api_client()
    expire = datetime.datetime.fromtimestamp(client.get('/auth/time') + 900, datetime.timezone.utc)
    cart = client.post('/order/cart', body={'ovhSubsidiary': 'FR', 'description': claim_description([name], 1),
                                            'expire': expire.strftime('%Y-%m-%dT%H:%M:%S+00:00')})
    client.post('/order/cart/%s/assign' % cart['cartId'])
    return cart['cartId']


def assert_gave_way(sim, cart_id, name):
    """The run wrote its ticket in its own cart's description and never touched the other run's cart."""
    tickets = [entry for entry in _key_requests(sim) if entry['method'] == 'PUT' and entry['path'].startswith('/order/cart/')]
    assert tickets and all(entry['path'] != '/order/cart/%s' % cart_id for entry in tickets), tickets
    assert [entry for entry in _key_requests(sim) if entry['method'] != 'GET' and cart_id in entry['path']] == []
    assert name not in {domain for order in sim.state()['orders'] for domain in order.get('domains') or [order.get('domain')]}


def assert_refused_naming_the_rule(sim, run, left_out):
    assert run.rc != 0, run
    refused = [entry for entry in _key_requests(sim) if entry['status'] == 403]
    assert refused and all(entry['method'] == left_out[0] and _covers(left_out[1], entry['path']) for entry in refused), refused
    output = re.sub(r'\s+', ' ', run.stdout + run.stderr)
    assert any("%s %s" % (entry["method"], entry["path"]) in output for entry in refused), output[-3000:]
    assert 'NOT_GRANTED_CALL' in output and json.dumps({'method': left_out[0], 'path': left_out[1]}) in output, run


def test_the_guide_lists_every_use_and_the_client_hints_at_the_same_rules():
    assert set(RULE_SETS) == {'order', 'order-owner', 'pay-payment-method', 'pay-payment-mean', 'status'}
    assert set(RENEWAL_RULE_SETS) == {'report', 'renewal-policy', 'renew'}
    documented = {rule for rules in list(RULE_SETS.values()) + list(RENEWAL_RULE_SETS.values()) for rule in rules}
    assert documented == set(DOCUMENTED_ACCESS_RULES)
    for rules in RULE_SETS.values():
        assert len(set(rules)) == len(rules)
    readme = next(snippet for snippet in snippets('README.md')).document  # the README is where the short list is
    text = (PLAYBOOKS.parent / readme).read_text(encoding='utf-8')
    credentials = text[text.index('## Credentials'):text.index('## Ordering a real domain')]
    for method, path in {rule for rules in RULE_SETS.values() for rule in rules}:
        assert path in credentials, '%s %s is not in the README\'s Credentials section' % (method, path)


@pytest.mark.parametrize('use, rule_set, variables, left_out', ORDER_USES, ids=[use[0] for use in ORDER_USES])
def test_each_documented_rule_list_runs_its_use_and_no_less(run_playbook, fast_sim, use, rule_set, variables, left_out):
    sim = fast_sim
    rules = RULE_SETS[rule_set]
    assert left_out in rules
    sim.control('POST', 'orders', {'count': 2, 'status': 'delivered'})  # an account that has ordered before
    name = 'least-%s.com' % use.replace(' ', '-')
    key = sim.new_consumer_key(_as_rules(rules))
    order = role_variables([name], **variables(name))
    held = 'held-' + name  # another run is ordering it: this run gives way on it
    order['domain_order_domains'] = order['domain_order_domains'] + [{'name': held}]
    other_cart = seed_claim_of_another_run(sim, held)
    env = sim.credentials_env(key)
    priced = run_playbook(PLAYBOOKS / 'order_domain.yml', extra_vars=order, env=env, check=True, callback='default')
    assert priced.rc == 0, priced
    ordered = run_playbook(PLAYBOOKS / 'order_domain.yml', extra_vars=order, env=env, callback='default')
    assert ordered.rc == 0, ordered
    assert len(sim.state()['orders']) == 3
    assert_gave_way(sim, other_cart, held)
    assert_exactly_used(sim, rules)

    sim.clear_requests()
    narrower = sim.new_consumer_key(_as_rules(rule for rule in rules if rule != left_out))
    other = 'least-%s-again.com' % use.replace(' ', '-')
    refused = run_playbook(PLAYBOOKS / 'order_domain.yml', extra_vars=role_variables([other], **variables(other)),
                           env=sim.credentials_env(narrower), callback='default')
    assert_refused_naming_the_rule(sim, refused, left_out)


def test_the_status_rules_follow_orders_and_no_less(run_playbook, fast_sim):
    sim = fast_sim
    rules = RULE_SETS['status']
    [past] = sim.control('POST', 'orders', {'count': 1, 'status': 'delivered'})['orders']
    key = sim.new_consumer_key(_as_rules(rules))
    env = sim.credentials_env(key)
    waited = run_playbook(PLAYBOOKS / 'order_status.yml', extra_vars={'order_id': past['orderId'], 'wait_for': 'delivered'}, env=env,
                          callback='default')
    assert waited.rc == 0 and str(past['orderId']) in waited.stdout, waited
    by_domain = run_playbook(PLAYBOOKS / 'order_status.yml', extra_vars={'domain': past['domain']}, env=env, callback='default')
    assert by_domain.rc == 0 and past['domain'] in by_domain.stdout, by_domain
    assert_exactly_used(sim, rules)
    assert [entry for entry in sim.requests() if entry['method'] != 'GET' and entry['path'] != '/auth/credential'] == []

    sim.clear_requests()
    narrower = sim.new_consumer_key(_as_rules(rule for rule in rules if rule != ('GET', '/domain')))
    refused = run_playbook(PLAYBOOKS / 'order_status.yml', extra_vars={'order_id': past['orderId'], 'wait_for': 'delivered'},
                           env=sim.credentials_env(narrower), callback='default')
    assert_refused_naming_the_rule(sim, refused, ('GET', '/domain'))


# -- renewals ------------------------------------------------------------------------------------
DUE = [{'domain': 'least-renew.com', 'expiresInDays': 12, 'renewal': 'manual', 'tasks': [{'function': 'DomainDnsUpdate', 'status': 'todo'}]},
       {'domain': 'least-renew.fr', 'expiresInDays': 20, 'renewal': 'automatic'},
       {'domain': 'least-held.net', 'expiresInDays': 25, 'renewal': 'manual'}]
POLICY_PLAY = """
- name: Renewal settings
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Renew automatically, yearly
      ovhcloud.order.ovh_domain_renewal_policy:
        renewal: automatic
        period: P1Y
        domains: [{name: least-renew.com}, {name: least-renew.fr, period: P2Y}]
"""
RENEWAL_USES = [
    # (the guide's rule list, the playbook, its variables, whether a check-mode run comes first, the rule left out)
    ('report', PLAYBOOKS / 'portfolio_report.yml', {'report_dir': 'reports'}, False, ('GET', '/me/task/domain/*')),
    ('renewal-policy', POLICY_PLAY, {}, True, ('PUT', '/domain/*/serviceInfos')),
    ('renew', PLAYBOOKS / 'renew_domains.yml', {'domain_renew_domains': [{'name': 'least-renew.com'}, {'name': 'least-renew.fr'},
                                                                         {'name': 'least-held.net'}],
                                                'domain_renew_duration': 'P1Y', 'domain_renew_max_price': 100,
                                                'domain_renew_payment_method_id': 1}, True, ('POST', '/order/cartServiceOption/domain/*')),
]


@pytest.mark.parametrize('rule_set, playbook, variables, check_first, left_out', RENEWAL_USES, ids=[use[0] for use in RENEWAL_USES])
def test_each_renewal_rule_list_runs_its_use_and_no_less(run_playbook, fast_sim, rule_set, playbook, variables, check_first, left_out):
    sim = fast_sim
    rules = RENEWAL_RULE_SETS[rule_set]
    assert left_out in rules
    sim.control('POST', 'portfolio', {'domains': DUE})
    sim.control('POST', 'orders', {'count': 2, 'status': 'delivered'})
    key = sim.new_consumer_key(_as_rules(rules))
    env = sim.credentials_env(key)
    # A renewal that meets another run's claim on one of its domains gives way on it.
    other_cart = seed_claim_of_another_run(sim, 'least-held.net') if rule_set == 'renew' else None
    if check_first:
        checked = run_playbook(playbook, extra_vars=variables, env=env, check=True, callback='default')
        assert checked.rc == 0, checked
    done = run_playbook(playbook, extra_vars=variables, env=env, callback='default')
    assert done.rc == 0, done
    if other_cart:
        assert_gave_way(sim, other_cart, 'least-held.net')
    assert_exactly_used(sim, rules)

    sim.control('POST', 'reset')
    sim.control('POST', 'portfolio', {'domains': DUE})
    narrower = sim.new_consumer_key(_as_rules(rule for rule in rules if rule != left_out))
    refused = run_playbook(playbook, extra_vars=variables, env=sim.credentials_env(narrower), callback='default')
    assert_refused_naming_the_rule(sim, refused, left_out)
