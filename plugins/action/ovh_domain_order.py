# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovhcloud.order.ovh_domain_order on the controller: runs in Ansible's process, with one API client
for the whole order, and prints one line per step and per poll while it waits (see
plugins/plugin_utils/_in_process.py)."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.modules.ovh_domain_order import OvhDomainOrder
from ansible_collections.ovhcloud.order.plugins.plugin_utils._in_process import InProcessAction


class ActionModule(InProcessAction):
    module_class = OvhDomainOrder
