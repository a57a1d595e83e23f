#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller and check it starts.
#   bash packaging/build_bundle.sh        -> dist/xiaomi-reader-<version>/
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-build/bundle-venv}
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet ".[bundle]"
"$VENV/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller \
  packaging/xiaomi-reader.spec

VERSION=$("$VENV/bin/python" -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
APP="dist/xiaomi-reader-$VERSION/xiaomi-reader"

# The smoke test: open the main window offscreen on a throwaway library, then exit 0.
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
QT_QPA_PLATFORM=offscreen XDG_DATA_HOME="$SCRATCH/data" XDG_CONFIG_HOME="$SCRATCH/config" \
  "$APP" --smoke-test --db "$SCRATCH/library.sqlite3"
QT_QPA_PLATFORM=offscreen "$APP" --db "$SCRATCH/library.sqlite3" articles
echo "Bundle ready: dist/xiaomi-reader-$VERSION ($(du -sh "dist/xiaomi-reader-$VERSION" | cut -f1))"
