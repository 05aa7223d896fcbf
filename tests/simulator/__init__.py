# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stateful simulator of the OVHcloud API v1 for the routes a domain order touches.

Standard library only; runs on any Python 3.8 or later. Start it with
``python3 tests/simulator --host 127.0.0.1 --port 0``; see README.md beside this file.
"""

__version__ = '1.0.0'
