# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The order flow of OVHcloud's domain order guide ("seed guide"), built from the six modules alone
in one playbook, run twice against the simulator: the first run orders, pays and waits for the
delivery; the second finds the delivered order and sends no POST, PUT or DELETE."""

from __future__ import annotations

import re

import pytest

# The guide's steps: offer -> cart -> item -> required configuration -> dry-run checkout (quote) ->
# checkout -> payment -> status until delivered. The play first looks for an order of the name, so
# that running it again after a success (or after an interruption) orders nothing twice.
SEED_FLOW = '''
- name: Order a domain name as the OVHcloud domain order guide does
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Look for orders of the domain
      ovhcloud.order.ovh_order_info:
        domain: "{{ domain }}"
      register: earlier

    - name: Order the domain unless an order of it is open or delivered
      when: earlier.orders | rejectattr('status', 'in', ['cancelled', 'cancelling']) | selectattr('open') | list | length == 0
            and earlier.orders | selectattr('status', 'equalto', 'delivered') | list | length == 0
      block:
        - name: Read the offer
          ovhcloud.order.ovh_domain_offer_info:
            domains:
              - "{{ domain }}"
          register: offer

        - name: Check that the name can be bought at the standard price
          ansible.builtin.assert:
            that:
              - offer.offers[0].orderable
              - not offer.offers[0].owned
              - not offer.offers[0].premium
            fail_msg: "{{ domain }} cannot be ordered here: {{ offer.offers[0] }}"

        - name: Create the cart
          ovhcloud.order.ovh_cart:
            description: "seed guide order of {{ domain }}"
          register: order_cart

        - name: Add the domain to the cart
          ovhcloud.order.ovh_cart_domain:
            cart_id: "{{ order_cart.cart.cart_id }}"
            domain: "{{ domain }}"
            duration: P1Y
          register: order_item

        - name: Answer the required configuration
          ovhcloud.order.ovh_cart_config:
            cart_id: "{{ order_cart.cart.cart_id }}"
            item_id: "{{ order_item.item.item_id }}"
            configurations:
              OWNER_LEGAL_AGE: true
              DNS:
                - dns200.anycast.me
                - ns200.anycast.me
            require_complete: true

        - name: Check the cart out and pay
          ovhcloud.order.ovh_checkout:
            cart_id: "{{ order_cart.cart.cart_id }}"
            max_price: "{{ (offer.offers[0].price | float * 1.2) | round(2, 'ceil') }}"
            currency: EUR
            waive_retractation_period: true
            auto_pay: "{{ payment == 'auto_pay' }}"
            payment_mean: "{{ 'creditCard' if payment == 'payment_mean' else omit }}"
            payment_mean_id: "{{ 101 if payment == 'payment_mean' else omit }}"
          register: checkout

    - name: Wait until the domain is delivered
      ovhcloud.order.ovh_order_info:
        domain: "{{ domain }}"
        wait_for: delivered
        poll_interval: 0.2
        wait_timeout: 120
      register: delivery

    - name: Show the order
      ansible.builtin.debug:
        msg: >-
          Order {{ delivery.orders[0].order_id }} of {{ domain }}: {{ delivery.orders[0].status }},
          polls {{ delivery.polls | map(attribute='status') | join(' > ') }}
'''


@pytest.mark.parametrize('payment', ['auto_pay', 'payment_mean'])
def test_seed_guide_flow_from_the_six_modules(run_playbook, start_simulator, payment):
    sim = start_simulator('--advance-on-poll')
    domain = 'seed-guide-%s.com' % payment.replace('_', '-')
    variables = {'domain': domain, 'payment': payment}

    first = run_playbook(SEED_FLOW, extra_vars=variables, env=sim.credentials_env())
    assert first.rc == 0, first
    checkout = first.task('Check the cart out and pay')
    assert checkout['changed'] is True and checkout['order']['paid'] is True
    assert checkout['quote']['with_tax']['value'] == 12.59 and checkout['quote']['contracts']
    delivery = first.task('Wait until the domain is delivered')
    assert delivery['orders'][0]['order_id'] == checkout['order']['order_id']
    assert delivery['orders'][0]['status'] == 'delivered'
    assert [poll['status'] for poll in delivery['polls']][-1] == 'delivered'

    state = sim.state()
    [order] = state['orders']
    assert order['orderId'] == checkout['order']['order_id'] and order['status'] == 'delivered' and order['delivered']
    assert order['domains'] == [domain]
    assert order['waiveRetractationPeriod'] is True
    assert order['paidWith'] == ('autoPayWithPreferredPaymentMethod' if payment == 'auto_pay' else 'creditCard')
    [owned] = [entry for entry in state['domains'] if entry['domain'] == domain]
    assert owned['orderId'] == order['orderId'] and owned['nameServers'] == ['dns200.anycast.me', 'ns200.anycast.me']
    checkouts = [r for r in sim.requests() if r['method'] == 'POST' and re.search(r'/order/cart/[^/]+/checkout$', r['path'])]
    assert len(checkouts) == 1
    # The offer module's temporary cart is gone; the order's cart is read-only.
    assert [cart['readOnly'] for cart in state['carts']] == [True]

    sim.clear_requests()
    second = run_playbook(SEED_FLOW, extra_vars=variables, env=sim.credentials_env())
    assert second.rc == 0, second
    assert second.task('Check the cart out and pay').get('skipped') is True
    assert second.task('Wait until the domain is delivered')['orders'][0]['order_id'] == order['orderId']
    assert not any(task['changed'] for name in second.tasks for task in second.tasks[name] if 'changed' in task)
    assert sim.mutating_requests() == []
    assert len(sim.state()['orders']) == 1
