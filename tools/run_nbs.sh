#!/usr/bin/env bash
# Re-execute notebooks in place, in replay mode, so their saved outputs (the docs) match the code and recordings:
#   tools/run_nbs.sh                 every notebook in nbs/
#   tools/run_nbs.sh nbs/00_core.ipynb ...
# Outputs come from cachy.jsonl; record first (LISETTE_RECORD=emulator nbdev_test) when a request changed.
set -euo pipefail
cd "$(dirname "$0")/.."
unset LISETTE_RECORD LITELLM_LOCAL_MODEL_COST_MAP  # the notebooks set what they need themselves
nbs=("$@"); [ ${#nbs[@]} -gt 0 ] || nbs=($(ls nbs/*.ipynb | grep -v '/_'))
for nb in "${nbs[@]}"; do
  echo "running $nb"
  (cd nbs && jupyter nbconvert --to notebook --execute --inplace --log-level=WARN --ExecutePreprocessor.timeout=900 "$(basename "$nb")")
done
nbdev_clean
