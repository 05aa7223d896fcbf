# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The collection's name and version, as announced in the client's User-Agent.

Keep ``COLLECTION_VERSION`` equal to ``version`` in galaxy.yml.
"""

from __future__ import annotations

COLLECTION_NAME = 'ovhcloud.order'
COLLECTION_VERSION = '0.1.0'
