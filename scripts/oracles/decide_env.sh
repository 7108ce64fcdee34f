#!/usr/bin/env bash
# Make a separate virtual environment with the Decide exchange-model tool (GPL-3), used only to
# regenerate test fixtures (tests/fixtures/decide/). Decide is never a dependency of detente.
# Decide pins Python 3.13 and wants PyQt6; runs are headless (QT_QPA_PLATFORM=offscreen).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${DECIDE_VENV:-$here/.peers/decide-venv}"
python="${PYTHON313:-}"
if [ -z "$python" ]; then
  for candidate in /root/.pyenv/versions/3.13*/bin/python3.13 "$(command -v python3.13)"; do
    if [ -x "$candidate" ] && "$candidate" -c "import sys" 2>/dev/null; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || { echo "Python 3.13 not found: set PYTHON313" >&2; exit 2; }
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "decide-exchange-model==${DECIDE_VERSION:-2025.3.1}" PyQt6
"$venv/bin/python" -c "import decide, importlib.metadata as m; print('decide', m.version('decide-exchange-model'))"
