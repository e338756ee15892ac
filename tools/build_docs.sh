#!/usr/bin/env bash
# Build the docs site into _site/ from the notebooks' saved outputs, offline, without Quarto:
# tools/nbdocs.py processes nbs/*.ipynb with nbdev's processors (hidden cells, directives, show_doc for exported names),
# renders the API sections from docments into _proc/, and Sphinx with myst-nb renders them.
# Open _site/index.html, or serve it: python -m http.server -d _site
set -euo pipefail
cd "$(dirname "$0")/.."
export LITELLM_LOCAL_MODEL_COST_MAP=True
rm -rf _proc _site
python tools/nbdocs.py site _proc
# myst-nb writes notebook images next to the output folder, so build inside _proc and move the html out
python -m sphinx -b html -q -c docs -d _proc/_build/doctrees _proc _proc/_build/html
mv _proc/_build/html _site
touch _site/.nojekyll
echo "site: $PWD/_site ($(ls _site/*.html | wc -l) pages)"
