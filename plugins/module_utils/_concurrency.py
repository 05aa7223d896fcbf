# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""A small bounded pool for independent API calls (one per domain, per order or per cart item).

The client is safe to share between the pool's threads: it fetches its clock delta and its OAuth2
token once under a lock, and a ``429`` with ``Retry-After`` pauses every thread, not only the one
that got it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

# Calls in flight at once. OVHcloud does not publish its rate limits; four keeps a run of twenty
# domains quick without looking like a burst.
MAX_WORKERS = 4


def map_concurrently(function, values, max_workers: int = MAX_WORKERS) -> list:
    """``[function(value) for value in values]``, with up to ``max_workers`` calls at once.

    Results keep the order of ``values``. Every call runs to its end; then the first exception (in
    the order of ``values``) is raised, so that a failure never leaves calls running behind it.
    """
    values = list(values)
    if len(values) <= 1 or max_workers <= 1:
        return [function(value) for value in values]
    outcomes = []
    with ThreadPoolExecutor(max_workers=min(max_workers, len(values))) as pool:
        futures = [pool.submit(function, value) for value in values]
        for future in futures:
            try:
                outcomes.append((True, future.result()))
            except Exception as exc:  # pylint: disable=broad-except
                outcomes.append((False, exc))
    for ok, value in outcomes:
        if not ok:
            raise value
    return [value for ok, value in outcomes]
