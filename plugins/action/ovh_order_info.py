# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovhcloud.order.ovh_order_info: the module, run as a module wherever the task runs, with one line
per poll of a wait shown beside the task's output (see plugins/plugin_utils/_progress.py)."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.plugin_utils._progress import ModuleWithProgress


class ActionModule(ModuleWithProgress):
    pass
