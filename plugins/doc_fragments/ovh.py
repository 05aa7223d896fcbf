# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # The connection options of every module (plugins/module_utils/_module.py connection_argument_spec), but
    # timeout, which is TIMEOUT below: ovh_order_info's timeout is, until 2.0.0, the deprecated alias of its
    # wait_timeout, and it documents the HTTP timeout itself, as request_timeout.
    DOCUMENTATION = r'''
options:
  endpoint:
    description:
      - The OVHcloud API to talk to.
      - One of V(ovh-eu), V(ovh-ca), V(ovh-us), V(kimsufi-eu), V(kimsufi-ca), V(soyoustart-eu),
        V(soyoustart-ca), or a base URL such as V(http://127.0.0.1:8080/1.0) (for example the
        simulator shipped in C(tests/simulator)).
      - If not set, the environment variable E(OVH_ENDPOINT) is used, then the C(endpoint) key of the
        C([default]) section of the C(ovh.conf) files.
    type: str
  application_key:
    description:
      - The application key of an OVHcloud API application.
      - Falls back to E(OVH_APPLICATION_KEY), then to C(application_key) in the C(ovh.conf) section
        named after the endpoint.
      - Goes with O(application_secret) and O(consumer_key); excludes O(client_id).
    type: str
  application_secret:
    description:
      - The application secret that goes with O(application_key). Never printed.
      - Falls back to E(OVH_APPLICATION_SECRET), then to the C(ovh.conf) files.
    type: str
  consumer_key:
    description:
      - The consumer key that grants the application rights on the account. Never printed.
      - Falls back to E(OVH_CONSUMER_KEY), then to the C(ovh.conf) files.
    type: str
  client_id:
    description:
      - The client ID of an OAuth2 service account, used instead of application keys.
      - Falls back to E(OVH_CLIENT_ID), then to the C(ovh.conf) files.
    type: str
  client_secret:
    description:
      - The client secret of the OAuth2 service account. Never printed.
      - Falls back to E(OVH_CLIENT_SECRET), then to the C(ovh.conf) files.
    type: str
  token_url:
    description:
      - The OAuth2 token URL. The named endpoints know their own; for a URL endpoint it defaults to
        C(/auth/oauth2/token) on the same scheme, host and port (as the simulator serves it).
      - Falls back to E(OVH_TOKEN_URL).
    type: str
  config_file:
    description:
      - An extra C(ovh.conf)-style file, read after C(/etc/ovh.conf), C(~/.ovh.conf) and
        C(./ovh.conf) and taking precedence over them, key by key.
    type: path
  validate_certs:
    description:
      - Whether to check the API's TLS certificate. Only turn this off for a test endpoint.
    type: bool
    default: true
notes:
  - Credentials are looked up as the official python-ovh library does, option by option
    (module option, then environment variable, then C(ovh.conf) files). Set them once for every
    module of the collection with C(module_defaults) and the action group C(group/ovhcloud.order.ovh).
requirements:
  - requests
'''

    # The HTTP timeout of every module but ovh_order_info.
    TIMEOUT = r'''
options:
  timeout:
    description:
      - Seconds to wait for each HTTP request to connect and to answer.
    type: float
    default: 180
'''

    ATTRIBUTES = r'''
attributes:
  action_group:
    description: Use C(group/ovhcloud.order.ovh) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - ovhcloud.order.ovh
  platform:
    description: The module talks to the OVHcloud API from the controller.
    support: full
    platforms: posix
'''

    # The price guard and payment options of the modules that check a cart out
    # (plugins/module_utils/_checkout.py checkout_argument_spec).
    CHECKOUT = r'''
options:
  max_price:
    description:
      - The most the order may cost, in the currency of OVHcloud's quote, on the O(price_basis).
      - When the quote is above it, the module fails before the real checkout, naming both amounts.
      - Required unless O(allow_any_price=true); a finite number, 0 or more. When both are set,
        O(max_price) still applies.
    type: float
  allow_any_price:
    description:
      - Check out whatever the quote says, without O(max_price).
    type: bool
    default: false
  price_basis:
    description:
      - Which total of the quote O(max_price) is compared with.
    type: str
    choices: [with_tax, without_tax]
    default: with_tax
  currency:
    description:
      - The currency the quote must be in (an C(order.CurrencyCodeEnum) value); another currency fails
        before the real checkout. By default any currency is accepted.
    type: str
    choices: [AUD, CAD, CZK, EUR, GBP, INR, LTL, MAD, N/A, PLN, SGD, TND, USD, XOF, points]
  auto_pay:
    description:
      - Ask OVHcloud to pay the order at once with the account's preferred (default) payment method
        (C(autoPayWithPreferredPaymentMethod)).
      - Always sent explicitly in the checkout, as V(false) unless set.
      - Excludes O(payment_method_id) and O(payment_mean). It acts at checkout only; on a later run,
        an unpaid order is paid only with O(payment_method_id) or O(payment_mean).
    type: bool
    default: false
  waive_retractation_period:
    description:
      - Waive the legal retractation (withdrawal) period, so that OVHcloud can deliver at once
        (C(waiveRetractationPeriod)). OVHcloud's guide says domain orders need it; the choice is yours.
      - Always sent explicitly in the checkout, as V(false) unless set.
    type: bool
    default: false
  payment_method_id:
    description:
      - Pay the new order with this registered payment method (C(POST /me/order/{orderId}/pay)).
      - The method must exist and be C(VALID); this is checked before the checkout, so a refused
        method fails before any order exists. It never falls back to another method.
      - Excludes O(auto_pay) and O(payment_mean).
    type: int
  payment_mean:
    description:
      - Pay the new order with a registered payment mean (C(POST /me/order/{orderId}/payWithRegisteredPaymentMean)),
        as the OVHcloud domain order guide does.
      - The order must accept it (C(availableRegisteredPaymentMean)); this can only be checked once the
        order exists. When it does not, the module fails with the unpaid order in RV(order), and
        never falls back to another mean.
      - Excludes O(auto_pay) and O(payment_method_id).
    type: str
    choices:
      - CREDIT_CARD
      - CURRENT_ACCOUNT
      - DEFERRED_PAYMENT_ACCOUNT
      - DOMESTIC_CARD
      - ENTERPRISE
      - INTERNAL_TRUSTED_ACCOUNT
      - PAYPAL
      - RUPAY
      - SEPA_DIRECT_DEBIT
      - bankAccount
      - creditCard
      - deferredPaymentAccount
      - fidelityAccount
      - ovhAccount
      - paypal
  payment_mean_id:
    description:
      - The identifier of the payment mean, for O(payment_mean). Required for V(bankAccount),
        V(creditCard) and V(paypal).
    type: int
'''
