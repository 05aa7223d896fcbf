# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""A limit on the requests a client sends per minute, for accounts whose API key's quota is shared
with other tools: ``client.pace = RequestPacer(requests_per_minute)``.

Requests are given evenly spaced time slots (one every ``60 / requests_per_minute`` seconds), so no
60-second window ever holds more than ``requests_per_minute`` of them, whichever thread of the pool
sends them. Retries, ``/auth/time`` and OAuth2 token requests take a slot like any other request.
"""

from __future__ import annotations

import threading
import time


class RequestPacer:
    """Callable: waits until the caller's slot. ``clock`` and ``sleep`` are replaced by tests."""

    def __init__(self, requests_per_minute: float, clock=time.monotonic, sleep=time.sleep):
        if not requests_per_minute or requests_per_minute <= 0:
            raise ValueError('requests_per_minute must be a positive number')
        self.interval = 60.0 / requests_per_minute
        self.clock = clock
        self.sleep = sleep
        self._next = None
        self._lock = threading.Lock()
        self.waited = 0.0
        self.slots: list = []

    def __call__(self) -> None:
        with self._lock:
            now = self.clock()
            slot = now if self._next is None or self._next <= now else self._next
            self._next = slot + self.interval
            self.slots.append(slot)
            self.waited += slot - now
        if slot > now:
            self.sleep(slot - now)

    def busiest_minute(self) -> int:
        """The most slots given within any 60 seconds (the limit, when the pacer held)."""
        best, start = 0, 0
        slots = sorted(self.slots)
        for end, moment in enumerate(slots):
            while moment - slots[start] >= 60.0:
                start += 1
            best = max(best, end - start + 1)
        return best
