#!/usr/bin/env bash
# Creates the virtual environment with innograph and its test tools, and checks Java and Maven.
# Chromium (for the end-to-end browser test) is installed from Debian's packages when missing.
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "innograph needs Python 3.11 or newer ($PYTHON is older)" >&2; exit 1; }
command -v java >/dev/null || { echo "innograph's local Neo4j needs Java 17 (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "innograph's local Neo4j needs Maven (mvn not found)" >&2; exit 1; }

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'

if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser test and screenshots"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
