#!/usr/bin/env bash
# Replays the conversation tests (tests/conversations) against the trained model; any action
# predicted differently from the story fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
out=results/conversations
rm -rf "$out"; mkdir -p results
.venv/bin/rasa test core --model models/aiguillage.tar.gz --stories tests/conversations \
  --fail-on-prediction-errors --out "$out" > "$out.log" 2>&1 || {
  tail -60 "$out.log"; echo "Conversations de test : échec (détail : $out.log)"; exit 1; }
stories=$(ls tests/conversations/test_*.yml | wc -l)
failed=$(grep -c "story:" "$out/failed_test_stories.yml" 2>/dev/null || true)
echo "Conversations de test : $stories rejouées, ${failed:-0} en échec."
echo "$((stories - ${failed:-0})) passed, ${failed:-0} failed"
[ "${failed:-0}" -eq 0 ]
