__version__ = "0.2.0"

# `from lisette import *` gives the public API of these modules. They are loaded on first use rather than here, so that
# `from lisette.replay import use_replay` (the first line of a replayed notebook) doesn't import LiteLLM, which would
# fetch its price map from the network, before `use_replay` has put LiteLLM in offline mode.
import importlib
_mods,_names = ('core', 'asink', 'structured', 'saving', 'approval'),[]

def _load():
    "Import the modules and bind their public names here (the function `structured` over the submodule of that name)"
    if not _names:
        ms = [importlib.import_module(f'{__name__}.{m}') for m in _mods]
        _names.extend(o for m in ms for o in m.__all__)
        globals().update({o:getattr(m, o) for m in ms for o in m.__all__})
    return _names

def __getattr__(nm):
    if nm == '__all__': return list(_load())
    if nm in _load(): return globals()[nm]
    raise AttributeError(f"module {__name__!r} has no attribute {nm!r}")

def __dir__(): return sorted(set(globals()) | set(_load()))
