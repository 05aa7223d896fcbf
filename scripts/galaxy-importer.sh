#!/usr/bin/env bash
# The importer stage of scripts/test.sh: galaxy-importer, the checks Galaxy runs on an upload, on the
# collection tarball built from DIR (default: the current directory). No container is needed: its
# configuration (.config/galaxy-importer.cfg) leaves ansible-test out, which the sanity and matrix
# stages run. Any WARNING or ERROR line of the importer fails the stage.
#
#   scripts/galaxy-importer.sh [DIR]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

src=$(cd "${1:-.}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ovhcloud-order-importer.XXXXXX")
trap 'rm -rf "$work"' EXIT

tarball=$(build_collection "$src" "$work/dist")
echo "galaxy-importer $(python -c 'import importlib.metadata as m; print(m.version("galaxy-importer"))') on $(basename "$tarball")"
rc=0
(cd "$work" && GALAXY_IMPORTER_CONFIG="$src/.config/galaxy-importer.cfg" python -m galaxy_importer.main "$tarball") \
    >"$work/importer.log" 2>&1 || rc=$?
cat "$work/importer.log"

problems=$(grep -E '^(WARNING|ERROR|CRITICAL):' "$work/importer.log" || true)
if [ "$rc" -ne 0 ] || ! grep -q '^Importer processing completed successfully' "$work/importer.log"; then
    echo "galaxy-importer failed (exit $rc)"
    exit 1
fi
if [ -n "$problems" ]; then
    echo "galaxy-importer reported $(echo "$problems" | wc -l) warning(s) or error(s); none is accepted:"
    echo "$problems"
    exit 1
fi
echo "galaxy-importer: no warning"
