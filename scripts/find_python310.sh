#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 runs on 3.8–3.10 only).
# Order: $PYTHON310, python3.10 on PATH, pyenv's versions, the system's.
set -u
candidates=("${PYTHON310:-}" "$(command -v python3.10 2>/dev/null)")
candidates+=("$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10)
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$candidate"; exit 0
  fi
done
echo "Python 3.10 introuvable : installez-le (pyenv install 3.10, ou apt-get install python3.10) ou indiquez PYTHON310=/chemin/python3.10." >&2
exit 1
