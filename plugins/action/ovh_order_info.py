# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovhcloud.order.ovh_order_info on the controller: runs in Ansible's process and prints one line
per poll while it waits (see plugins/plugin_utils/_in_process.py)."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.modules.ovh_order_info import OvhOrderInfo
from ansible_collections.ovhcloud.order.plugins.plugin_utils._in_process import InProcessAction


class ActionModule(InProcessAction):
    module_class = OvhOrderInfo
