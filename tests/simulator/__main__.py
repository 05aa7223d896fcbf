# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Entry point: ``python3 tests/simulator ...`` (or ``python3 -m simulator`` from ``tests/``)."""

import os
import sys

if __package__ in (None, ''):
    # Started as ``python3 tests/simulator``: sys.path[0] is this directory. Import the package by
    # name from its parent instead, so that its modules never shadow other top-level modules.
    HERE = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or '.') != HERE]
    sys.path.insert(0, os.path.dirname(HERE))
    from simulator.cli import main
else:
    from .cli import main

if __name__ == '__main__':
    sys.exit(main())
