# Shared by scripts/*.sh: the virtual environments and the ansible_collections layout.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${OVHCLOUD_ORDER_VENV:-$REPO_ROOT/.venv}
PYTHON=${PYTHON:-python3}
# The matrix stage's ansible-core versions, each with its Python: VERSION:PYTHON. Each has its
# pinned requirements/ansible-VERSION.txt and its virtual environment $VENV-VERSION. ($VENV itself
# has the oldest supported version, 2.19, from requirements/test.txt.)
MATRIX=(2.20:3.12 2.21:3.13)

# A requirements file and the files it includes with -r, recursively (one path a line).
requirement_files() {
    local file=$1 included
    echo "$file"
    sed -n 's/^-r[[:space:]]*//p' "$file" | while read -r included; do
        requirement_files "$(dirname "$file")/$included"
    done
}

# Create (or refresh, when its pinned requirements or its Python changed) a virtual environment.
#   ensure_venv                              $VENV from requirements/test.txt with $PYTHON
#   ensure_venv VENV REQUIREMENTS PYTHON     another one (the matrix stage's)
ensure_venv() {
    local venv=${1:-$VENV} requirements=${2:-$REPO_ROOT/requirements/test.txt} python=${3:-$PYTHON}
    local stamp="$venv/.requirements.sha1" wanted
    wanted=$({ requirement_files "$requirements" | xargs cat; "$python" -c 'import sys; print(sys.version)'; } | sha1sum | cut -d' ' -f1)
    if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        echo "== creating $venv from ${requirements#"$REPO_ROOT"/} with $("$python" --version)"
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --upgrade pip
        "$venv/bin/python" -m pip install --quiet -r "$requirements"
        echo "$wanted" > "$stamp"
    fi
}

# The interpreter of Python X.Y: the newest X.Y.* that pyenv has, else python3.X on PATH (when it
# runs: a pyenv shim on PATH may not). Prints its path; fails when there is none.
find_python() {
    local version=$1 candidate found=""
    if command -v pyenv >/dev/null; then
        candidate=$(pyenv versions --bare --skip-aliases 2>/dev/null | grep -E "^${version//./\\.}(\.[0-9]+)?$" | sort -V | tail -n 1)
        [ -z "$candidate" ] || found="$(pyenv root)/versions/$candidate/bin/python$version"
    fi
    if [ -z "$found" ] || [ ! -x "$found" ]; then
        found=$(command -v "python$version" || true)
    fi
    if [ -n "$found" ] && [ "$("$found" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$version" ]; then
        echo "$found"; return 0
    fi
    echo "no Python $version: neither a pyenv version $version.* nor a working python$version on PATH" >&2
    return 1
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

# Build the collection in directory $1 into directory $2 and print the tarball's path.
build_collection() {
    local src=$1 dest=$2
    mkdir -p "$dest"
    ansible-galaxy collection build --force --output-path "$dest" "$src" >/dev/null
    ls "$dest"/ovhcloud-order-*.tar.gz
}

# Create (or refresh) the matrix stage's virtual environment of ansible-core $1 (one of MATRIX) and
# print its path.
ensure_matrix_venv() {
    local version=$1 entry python
    for entry in "${MATRIX[@]}"; do
        if [ "${entry%%:*}" = "$version" ]; then
            python=$(find_python "${entry#*:}") || return 1
            ensure_venv "$VENV-$version" "$REPO_ROOT/requirements/ansible-$version.txt" "$python" >&2
            echo "$VENV-$version"
            return 0
        fi
    done
    echo "ansible-core $version is not in the matrix (${MATRIX[*]})" >&2
    return 1
}
