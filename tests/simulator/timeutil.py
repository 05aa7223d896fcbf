# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Dates, ISO 8601 durations and the simulator's clock."""

import calendar
import datetime
import re
import time

_DATETIME_RE = re.compile(
    r'^(\d{4})-(\d{2})-(\d{2})'
    r'(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?'
    r'(Z|[+-]\d{2}(?::?\d{2})?)?$'
)
_DATE_RE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})$')
_DURATION_RE = re.compile(
    r'^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$'
)


class Clock:
    """Wall-clock time plus an offset that the control API can move (``POST /_sim/clock``)."""

    def __init__(self, offset=0.0):
        self.offset = float(offset)

    def now(self):
        return time.time() + self.offset


def format_datetime(epoch):
    """``2026-11-29T10:00:00+00:00`` (OVH's datetime format, always in UTC here)."""
    value = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return value.strftime('%Y-%m-%dT%H:%M:%S+00:00')


def format_date(epoch):
    value = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return value.strftime('%Y-%m-%d')


def parse_datetime(text):
    """Epoch seconds of an ISO 8601 date-time (offset optional, UTC assumed); ``None`` if invalid."""
    if not isinstance(text, str):
        return None
    match = _DATETIME_RE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        value = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    epoch = calendar.timegm(value.timetuple())
    if fraction:
        epoch += float('0.' + fraction)
    if zone and zone != 'Z':
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        hours = int(digits[:2])
        minutes = int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            return None
        epoch -= sign * (hours * 3600 + minutes * 60)
    return epoch


def is_date(text):
    if not isinstance(text, str):
        return False
    match = _DATE_RE.match(text)
    if not match:
        return False
    try:
        datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return False
    return True


def is_duration(text):
    return isinstance(text, str) and _DURATION_RE.match(text) is not None


def duration_years(text):
    """The number of years of a ``PnY`` duration, or ``None`` for any other duration."""
    if not isinstance(text, str):
        return None
    match = re.match(r'^P(\d+)Y$', text)
    return int(match.group(1)) if match else None


def add_years(epoch, years):
    value = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    try:
        shifted = value.replace(year=value.year + years)
    except ValueError:  # 29 February
        shifted = value.replace(year=value.year + years, day=28)
    return calendar.timegm(shifted.timetuple())
