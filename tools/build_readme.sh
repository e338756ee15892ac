#!/usr/bin/env bash
# Generate README.md from nbs/index.ipynb without Quarto: nbconvert's markdown exporter, dropping `#| hide` cells.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
# nbdev_clean strips language_info, which nbconvert needs to label code blocks as python
python - "$tmp/index.ipynb" <<'PY'
import json, sys
nb = json.load(open('nbs/index.ipynb'))
nb['metadata']['language_info'] = {'name': 'python'}
json.dump(nb, open(sys.argv[1], 'w'))
PY
jupyter nbconvert --to markdown "$tmp/index.ipynb" --output-dir . --output README \
  --RegexRemovePreprocessor.patterns='^#\|\s*hide' --log-level=WARN
sed -i -E '/^#\|/d' README.md
rm -rf "$tmp"
