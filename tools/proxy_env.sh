#!/usr/bin/env bash
# Create the virtual environment that runs the LiteLLM proxy server for nbs/09_proxy.ipynb.
# The proxy is a separate process with its own LiteLLM: from 1.108 the proxy server moved out of `litellm[proxy]`
# into a package the index doesn't have, so it runs from the last release line that has it, while lisette's dev
# stack stays on its own pin. Usage: tools/proxy_env.sh [DIR]   (default: $LISETTE_PROXY_VENV or .venv-proxy)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-${LISETTE_PROXY_VENV:-.venv-proxy}}
version=1.106.12
if [ -x "$venv/bin/litellm" ] && "$venv/bin/python" -c "import litellm.proxy.proxy_server" 2>/dev/null \
   && [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))')" = "$version" ]; then
  echo "proxy venv $venv: litellm[proxy]==$version already there"; exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q "litellm[proxy]==$version"
# the proxy imports its server module lazily; import it once here so a broken install fails now, not mid-test
LITELLM_LOCAL_MODEL_COST_MAP=True "$venv/bin/python" -c "import litellm.proxy.proxy_server"
echo "proxy venv $venv: litellm[proxy]==$version installed"
