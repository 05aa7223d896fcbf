# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the module tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def api(sim):
    """The collection's client on the shared simulator, for preparing state behind the module's back."""
    client = sim.api_client()
    yield client
    client.close()
