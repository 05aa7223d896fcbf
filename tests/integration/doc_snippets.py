# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The code blocks of the documentation (README.md, the role's README, docs/docsite/rst), as the
tests that run them read them.

A block may carry a marker on the line before it (a blank line between): ``<!-- snippet: NAME -->``
in Markdown, ``.. snippet: NAME`` in reStructuredText (an RST comment), or ``.. access-rules: NAME``
for the access rules of one use in the guide. ``NAME`` may be followed by ``(not run: why)``: the
block is not meant to run (the snippet test checks its syntax only, under its name), or by
``(file: NAME)``: the reader saves the block as the file NAME, which later blocks use."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = tuple(['README.md'] + sorted(str(path.relative_to(REPO_ROOT)) for path in REPO_ROOT.glob('roles/*/README.md'))
                  + sorted(str(path.relative_to(REPO_ROOT)) for path in REPO_ROOT.glob('docs/docsite/rst/*.rst')))
_MARKER = re.compile(r'^\s*(?:<!--|\.\.)\s*(snippet|access-rules):\s*([\w.-]+)\s*(?:\((not run|file):\s*(.*?)\))?\s*(?:-->)?\s*$')
_FENCE = re.compile(r'^(\s*)```(\w*)\s*$')
_RST_BLOCK = re.compile(r'^(\s*)\.\. code-block::\s*(\w+)\s*$')


@dataclass
class Snippet:
    document: str
    line: int           # 1-based line of the block's first line of code
    language: str
    text: str           # the code, dedented
    kind: str = ''      # 'snippet' or 'access-rules' when marked
    name: str = ''      # the marker's name, or DOCUMENT:LINE
    not_run: str = ''   # why it is not meant to run, when the marker says so
    file: str = ''      # the file the reader is told to save it as (``(file: my-order.yml)``)

    @property
    def id(self) -> str:
        return self.name or '%s:%d' % (self.document, self.line)


def _marker(lines, index):
    """The marker on the last non-blank line before ``index``, or None."""
    for previous in range(index - 1, -1, -1):
        if lines[previous].strip():
            return _MARKER.match(lines[previous])
    return None


def _markdown(document, lines):
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() != '```':
            end += 1
        yield index, fence.group(2), textwrap.dedent('\n'.join(lines[index + 1:end])) + '\n', index + 2
        index = end + 1


def _rst(document, lines):
    for index, line in enumerate(lines):
        block = _RST_BLOCK.match(line)
        if not block:
            continue
        indent = len(block.group(1))
        body = index + 1
        while body < len(lines) and re.match(r'^\s+:\w+:', lines[body]) and len(lines[body]) - len(lines[body].lstrip()) > indent:
            body += 1
        content = []
        for following in lines[body:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            content.append(following)
        while content and not content[-1].strip():
            content.pop()
        while content and not content[0].strip():
            content.pop(0)
            body += 1
        yield index, block.group(2), textwrap.dedent('\n'.join(content)) + '\n', body + 2


def snippets(document: str) -> list:
    """Every code block of a document of the repository, in order."""
    lines = (REPO_ROOT / document).read_text(encoding='utf-8').splitlines()
    reader = _markdown if document.endswith('.md') else _rst
    found = []
    for index, language, text, first_line in reader(document, lines):
        marker = _marker(lines, index)
        snippet = Snippet(document, first_line, language or 'text', text)
        if marker:
            snippet.kind, snippet.name = marker.group(1), marker.group(2)
            if marker.group(3) == 'not run':
                snippet.not_run = marker.group(4)
            elif marker.group(3) == 'file':
                snippet.file = marker.group(4)
        found.append(snippet)
    return found


def access_rule_sets(document: str = 'docs/docsite/rst/guide_first_order.rst') -> dict:
    """NAME → the access rules (``[(method, path)]``) of each ``access-rules`` block of the guide."""
    return {snippet.name: [(rule['method'], rule['path']) for rule in json.loads(snippet.text)['accessRules']]
            for snippet in snippets(document) if snippet.kind == 'access-rules'}
