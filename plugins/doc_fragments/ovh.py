# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # The connection options of every module (plugins/module_utils/_module.py connection_argument_spec).
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
  timeout:
    description:
      - Seconds to wait for each HTTP request to connect and to answer.
    type: float
    default: 180
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

    # Attributes shared by every module of the collection.
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
