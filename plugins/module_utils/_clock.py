# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The one clock of the collection: aware UTC datetimes, the API's ISO 8601 dates, and the API's
own time (the local clock corrected by the client's ``/auth/time`` delta when it is known)."""

from __future__ import annotations

import datetime

UTC = datetime.timezone.utc


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(UTC)


def server_now(client) -> datetime.datetime:
    """The API's current time: the local clock corrected by the client's ``/auth/time`` delta. A
    client that signs its requests needs that delta anyway; an OAuth2 client has none and sends no
    request for it (a window of days does not need the seconds)."""
    if getattr(client, 'signs_requests', False):
        return utcnow() + datetime.timedelta(seconds=client.time_delta or 0)
    return utcnow() + datetime.timedelta(seconds=getattr(client, 'known_time_delta', 0) or 0)


def parse_datetime(value) -> datetime.datetime | None:
    """An ISO 8601 date and time as an aware datetime (UTC when it has no offset); None when unset.

    Raises ValueError for text that is not such a date."""
    if value is None or value == '':
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text.endswith(('Z', 'z')):
            text = text[:-1] + '+00:00'
        parsed = datetime.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def format_datetime(value: datetime.datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def same_instant(first, second) -> bool:
    try:
        return parse_datetime(first) == parse_datetime(second)
    except (TypeError, ValueError):
        return first == second


def is_past(value, now: datetime.datetime) -> bool:
    """Whether an API date lies before ``now`` (False when unset or unreadable)."""
    try:
        moment = parse_datetime(value)
    except (TypeError, ValueError):
        return False
    return moment is not None and moment < now
