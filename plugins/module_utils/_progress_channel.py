# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""How a module hands its progress lines to its action (plugins/plugin_utils/_progress.py).

The action sets PROGRESS_ENV in the module's environment: ``result`` returns the lines in the
result under PROGRESS_KEY (the action shows them, then removes the key); a path also appends each
line to that file at once, where the action reads it while the module runs.

This file imports nothing: the action loads it in Ansible's own process, which has no use for the
modules' imports (``requests``, ``ansible.module_utils.basic``).
"""

from __future__ import annotations

PROGRESS_ENV = 'OVHCLOUD_ORDER_PROGRESS'
PROGRESS_KEY = '_ovhcloud_order_progress'
