# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The deprecation warnings of a module's result, whatever ansible-core's format."""

from __future__ import annotations

ALIASES = ('since', 'timeout', 'open_order_window')


def deprecations(result) -> list:
    """(alias named, removal version) of each deprecation of the collection in a module's result."""
    found = []
    for entry in result.get('deprecations') or []:
        # ansible-core 2.19 and later: the message under 'event', the collection under 'deprecator'.
        message = entry.get('msg') or entry.get('event', {}).get('msg', '')
        collection = entry.get('collection_name') or (entry.get('deprecator') or {}).get('resolved_name')
        assert collection == 'ovhcloud.order', entry
        named = [alias for alias in ALIASES if "Alias '%s' is deprecated" % alias in message]
        found.append((named[0] if named else message, entry['version']))
    return found
