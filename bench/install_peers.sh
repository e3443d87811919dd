#!/usr/bin/env bash
# Install the peer tools the speed benchmark compares against into bench/.work/ (gitignored),
# never into the project's dependencies, and fetch the real codebases it measures.
#
#   bench/install_peers.sh
#
# Python peers (import-linter, tach) go into bench/.work/peers-venv; dependency-cruiser 17 and
# typescript (which dependency-cruiser needs to read .ts) into bench/.work/npm. Django 4.2 comes
# from PyPI (sdist) and eslint from npm; when a copy already sits in SEAMCHECK_BENCH_SOURCES
# (default: ../main/bench/.work of this checkout's sibling) it is copied instead of downloaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/.work"
mkdir -p "$work"

python3 -m venv "$work/peers-venv"
"$work/peers-venv/bin/pip" install -q --upgrade pip
"$work/peers-venv/bin/pip" install -q "import-linter==2.*" "tach==0.*"

mkdir -p "$work/npm"
if [ ! -f "$work/npm/package.json" ]; then
    echo '{"name": "seamcheck-bench-peers", "private": true}' > "$work/npm/package.json"
fi
(cd "$work/npm" && npm install --silent --no-audit --no-fund \
    "dependency-cruiser@17" "typescript@5" "eslint@9.39")

mkdir -p "$work/real"
sources="${SEAMCHECK_BENCH_SOURCES:-$here/../../main/bench/.work}"
if [ ! -d "$work/real/django" ]; then
    if [ -d "$sources/src/Django-4.2.16/django" ]; then
        mkdir -p "$work/real/django"
        cp -r "$sources/src/Django-4.2.16/django" "$work/real/django/"
    else
        "$work/peers-venv/bin/pip" download -q --no-deps --no-binary :all: \
            "Django==4.2.16" -d "$work/dl"
        tar -xzf "$work/dl/Django-4.2.16.tar.gz" -C "$work/dl"
        mkdir -p "$work/real/django"
        cp -r "$work/dl/Django-4.2.16/django" "$work/real/django/"
    fi
    # A Python service for seamcheck: the package folder plus a manifest.
    printf '[project]\nname = "django"\nversion = "4.2.16"\n' > "$work/real/django/pyproject.toml"
fi
if [ ! -d "$work/real/eslint" ]; then
    mkdir -p "$work/real/eslint"
    cp -r "$work/npm/node_modules/eslint/lib" "$work/real/eslint/lib"
    cp "$work/npm/node_modules/eslint/package.json" "$work/real/eslint/package.json"
fi

"$work/peers-venv/bin/lint-imports" --help > /dev/null
"$work/peers-venv/bin/tach" --version
"$work/npm/node_modules/.bin/depcruise" --version
echo "peers installed in $work"
