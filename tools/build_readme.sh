#!/usr/bin/env bash
# Generate README.md from nbs/index.ipynb without Quarto: tools/nbdocs.py processes the notebook as the docs site does
# (no hidden cells or `#|` lines, API sections from docments, links pointing at the docs site, callouts as quotes,
# images left out), then nbconvert's markdown exporter writes it out.
set -euo pipefail
cd "$(dirname "$0")/.."
export LITELLM_LOCAL_MODEL_COST_MAP=True
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python tools/nbdocs.py readme "$tmp/index.ipynb"
jupyter nbconvert --to markdown "$tmp/index.ipynb" --output-dir . --output README --log-level=WARN \
  --TagRemovePreprocessor.enabled=True --TagRemovePreprocessor.remove_input_tags=remove-input
# nbconvert pads outputs with blank lines: squeeze runs of them so the README diffs cleanly
python - <<'PY'
import re
from pathlib import Path
p = Path('README.md')
p.write_text(re.sub(r'\n{3,}', '\n\n', p.read_text()).strip() + '\n')
PY
