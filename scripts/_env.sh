# shellcheck shell=bash
# Shared set-up for scripts/serve and scripts/test; sourced, not run.
#
# Makes sure the project's Python virtualenv (.venv) and front-end packages (node_modules) are
# installed and match the lock files. Each install is skipped when the lock file's sha256 equals
# the stamp written after the last successful install, so a second run costs well under a second.
#
# After `ensure_env`, .venv/bin is first on PATH (python, ruff, pytest) and we are in the
# repository root. VNR_VENV names another virtualenv and PYTHON the interpreter that makes it
# (.ci/run runs one of its two test runs on a newer Python).

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="${VNR_VENV:-$REPO_ROOT/.venv}"
PYTHON_STAMP="$VENV_DIR/.requirements.lock.sha256"
NODE_STAMP="$REPO_ROOT/node_modules/.vnr-package-lock.sha256"
MIN_PYTHON="3.11"
UV_VERSION="0.13.9"

cd "$REPO_ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Is the stamp file $1 present and equal to the sha256 of $2?
stamp_matches() { [[ -f "$1" && "$(cat "$1")" == "$(sha256_of "$2")" ]]; }

ensure_venv() {
    if [[ ! -x "$VENV_DIR/bin/python" ]]; then
        local python="${PYTHON:-python3}"
        command -v "$python" >/dev/null || die "$python not found: sudo apt-get install python3 python3-venv"
        "$python" -c "import sys; sys.exit(sys.version_info < (${MIN_PYTHON/./, }))" ||
            die "Python >= $MIN_PYTHON is needed; $python is $("$python" -V 2>&1)"
        log "Creating virtualenv in ${VENV_DIR#"$REPO_ROOT"/} ($("$python" -V 2>&1))"
        if ! "$python" -m venv "$VENV_DIR"; then
            rm -rf "$VENV_DIR"
            die "could not create $VENV_DIR: sudo apt-get install python3-venv"
        fi
    fi
    if ! stamp_matches "$PYTHON_STAMP" requirements.lock; then
        log "Installing Python packages from requirements.lock"
        rm -f "$PYTHON_STAMP"
        # uv installs the locked versions as pip would, in about a tenth of the time (3.7 against
        # 29.5 s into a new virtualenv; docs/setup.md); pip installs uv itself, pinned.
        "$VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
        "$VENV_DIR/bin/uv" pip install --quiet --python "$VENV_DIR/bin/python" -r requirements.lock
        sha256_of requirements.lock >"$PYTHON_STAMP"
    fi
    export PATH="$VENV_DIR/bin:$PATH"
    export VIRTUAL_ENV="$VENV_DIR"
}

ensure_node_modules() {
    if ! stamp_matches "$NODE_STAMP" package-lock.json; then
        command -v npm >/dev/null || die "npm not found: sudo apt-get install nodejs npm"
        log "Installing front-end packages from package-lock.json"
        # npm ci removes node_modules first, and with it any old stamp.
        npm ci --quiet --no-audit --no-fund
        sha256_of package-lock.json >"$NODE_STAMP"
    fi
}

CSS_STAMP="$REPO_ROOT/var/bundle/.sources.sha256"

# The sha256 of everything the stylesheets are built from: the entries, our CSS, and the
# templates, scripts and Python modules whose class names decide which rules stay.
css_sources_sha() {
    find frontend static/css static/js templates public_site/static package-lock.json \
        core accounts guidance directory home languages review onboarding reporting search \
        public_site -type f \( -name '*.css' -o -name '*.mjs' -o -name '*.js' -o -name '*.html' \
        -o -name '*.py' -o -name 'package-lock.json' \) -not -path '*/__pycache__/*' -print0 |
        sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

ensure_css() {
    local sources
    sources="$(css_sources_sha)"
    if [[ ! -f "$CSS_STAMP" || "$(cat "$CSS_STAMP")" != "$sources" ]]; then
        log "Building the stylesheets (frontend/build.mjs)"
        rm -f "$CSS_STAMP"
        node frontend/build.mjs
        echo "$sources" >"$CSS_STAMP"
    fi
}

ensure_env() {
    # The front-end packages install while pip does (about ten seconds less on a fresh clone).
    ensure_node_modules &
    local node_modules=$!
    ensure_venv
    wait "$node_modules" || die "installing the front-end packages failed (npm ci, above)"
    ensure_css
}
