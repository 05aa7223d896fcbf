# Shared by scripts/*.sh: the virtual environment and the ansible_collections layout.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${OVHCLOUD_ORDER_VENV:-$REPO_ROOT/.venv}
PYTHON=${PYTHON:-python3}

# Create (or refresh, when the pinned requirements changed) the virtual environment.
ensure_venv() {
    local stamp="$VENV/.requirements.sha1" wanted
    wanted=$(cat "$REPO_ROOT"/requirements/*.txt | sha1sum | cut -d' ' -f1)
    if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        echo "== creating $VENV from requirements/test.txt"
        "$PYTHON" -m venv "$VENV"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -r "$REPO_ROOT/requirements/test.txt"
        echo "$wanted" > "$stamp"
    fi
}

# Copy the checkout's files (tracked, and untracked ones git does not ignore) to
# $1/ansible_collections/ovhcloud/order and print that path.
layout_collection() {
    local dest="$1/ansible_collections/ovhcloud/order"
    mkdir -p "$dest"
    (cd "$REPO_ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
        [ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$dest")
    echo "$dest"
}
