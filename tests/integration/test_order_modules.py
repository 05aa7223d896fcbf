# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovh_checkout and ovh_order_info in real ansible-playbook runs against the simulator: a checkout
run twice, check mode with diff, and a checkout whose connection drops after the order exists."""

from __future__ import annotations

import re

CHECKOUT = re.compile(r'/order/cart/[^/]+/checkout$')

# Prepares a cart with the cart modules: one domain, its legal-age statement.
PREPARE = '''
- name: Prepare a cart
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create the cart
      ovhcloud.order.ovh_cart:
        description: "{{ domain }} order"
      register: order_cart

    - name: Add the domain
      ovhcloud.order.ovh_cart_domain:
        cart_id: "{{ order_cart.cart.cart_id }}"
        domain: "{{ domain }}"
      register: order_item

    - name: Configure the domain
      ovhcloud.order.ovh_cart_config:
        cart_id: "{{ order_cart.cart.cart_id }}"
        item_id: "{{ order_item.item.item_id }}"
        configurations:
          OWNER_LEGAL_AGE: true
'''

CHECKOUT_PLAYBOOK = '''
- name: Check the cart out
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      timeout: 30
  tasks:
    - name: Check out
      ovhcloud.order.ovh_checkout:
        cart_id: "{{ cart_id }}"
        max_price: 20
        currency: EUR
        auto_pay: true
        waive_retractation_period: true
      register: checkout

    - name: Read the order
      ovhcloud.order.ovh_order_info:
        order_id: "{{ checkout.order.order_id }}"
      when: checkout.order is not none
'''


def prepare_cart(run_playbook, sim, domain) -> str:
    result = run_playbook(PREPARE, extra_vars={'domain': domain}, env=sim.credentials_env())
    assert result.rc == 0, result
    return result.task('Create the cart')['cart']['cart_id']


def checkout_posts(sim) -> list:
    return [r for r in sim.requests() if r['method'] == 'POST' and CHECKOUT.search(r['path'])]


def test_checkout_twice_changes_nothing_the_second_time(run_playbook, sim):
    cart_id = prepare_cart(run_playbook, sim, 'playbook-twice.com')
    sim.clear_requests()
    first = run_playbook(CHECKOUT_PLAYBOOK, extra_vars={'cart_id': cart_id}, env=sim.credentials_env())
    assert first.rc == 0, first
    ordered = first.task('Check out')
    assert ordered['changed'] is True and ordered['order']['paid'] is True
    assert first.task('Read the order')['orders'][0]['status'] == 'checking'
    assert len(checkout_posts(sim)) == 1
    sim.clear_requests()
    second = run_playbook(CHECKOUT_PLAYBOOK, extra_vars={'cart_id': cart_id}, env=sim.credentials_env())
    assert second.rc == 0, second
    again = second.task('Check out')
    assert again['changed'] is False and again['order']['order_id'] == ordered['order']['order_id']
    assert sim.mutating_requests() == []
    assert len(sim.state()['orders']) == 1


def test_check_mode_with_diff_shows_the_order_and_places_none(run_playbook, sim):
    cart_id = prepare_cart(run_playbook, sim, 'playbook-check.com')
    sim.clear_requests()
    result = run_playbook(CHECKOUT_PLAYBOOK, extra_vars={'cart_id': cart_id}, env=sim.credentials_env(), check=True, diff=True)
    assert result.rc == 0, result
    task = result.task('Check out')
    assert task['changed'] is True and task['order'] is None
    assert task['quote']['with_tax']['value'] == 12.59
    assert task['diff']['before'] == {'cart_checked_out': False, 'order': None}
    assert task['diff']['after']['order']['domains'] == ['playbook-check.com']
    assert sim.mutating_requests() == []
    assert sim.state()['orders'] == []
    # The same in the default callback: the diff is printed.
    shown = run_playbook(CHECKOUT_PLAYBOOK, extra_vars={'cart_id': cart_id}, env=sim.credentials_env(), check=True, diff=True,
                         callback='default')
    assert shown.rc == 0, shown
    assert 'cart_checked_out' in shown.stdout and 'playbook-check.com' in shown.stdout
    assert sim.mutating_requests() == []


def test_connection_dropped_after_the_order_is_placed(run_playbook, sim):
    cart_id = prepare_cart(run_playbook, sim, 'playbook-dropped.com')
    sim.clear_requests()
    sim.add_fault(method='POST', path=r'^/order/cart/[^/]+/checkout$', status=0, after_commit=True)
    first = run_playbook(CHECKOUT_PLAYBOOK, extra_vars={'cart_id': cart_id}, env=sim.credentials_env(), callback='default')
    assert first.rc == 0, first
    assert 'after OVHcloud had placed the order' in first.output and 'No second checkout was sent' in first.output
    orders = sim.state()['orders']
    assert len(orders) == 1 and str(orders[0]['orderId']) in first.output
    assert len(checkout_posts(sim)) == 1
    sim.clear_requests()
    second = run_playbook(CHECKOUT_PLAYBOOK, extra_vars={'cart_id': cart_id}, env=sim.credentials_env())
    assert second.rc == 0, second.task('Check out')
    assert second.task('Check out')['changed'] is False
    assert second.task('Check out')['order']['order_id'] == orders[0]['orderId']
    assert sim.mutating_requests() == []
    assert len(sim.state()['orders']) == 1


def test_price_guard_fails_the_play_before_checkout(run_playbook, sim):
    cart_id = prepare_cart(run_playbook, sim, 'playbook-pricey.io')
    sim.clear_requests()
    result = run_playbook(CHECKOUT_PLAYBOOK, extra_vars={'cart_id': cart_id}, env=sim.credentials_env())
    assert result.rc != 0
    task = result.task('Check out')
    assert task.get('failed') is True, task
    assert 'max_price 20' in task['msg'] and 'EUR with tax' in task['msg']
    assert checkout_posts(sim) == [] and sim.mutating_requests() == []
    assert sim.state()['orders'] == []
