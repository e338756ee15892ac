#!/usr/bin/env bash
# Generate README.md from nbs/index.ipynb without Quarto: nbconvert's markdown exporter, dropping `#| hide` cells.
set -euo pipefail
cd "$(dirname "$0")/.."
jupyter nbconvert --to markdown nbs/index.ipynb --output-dir . --output README \
  --RegexRemovePreprocessor.patterns='^#\|\s*hide' --log-level=WARN
# strip nbdev directives left in shown cells
sed -i -E '/^#\|/d' README.md
