__version__ = "0.2.0"

import os as _os, importlib as _importlib, typing as _typing
# LiteLLM fetches its price map from GitHub when it is first imported (seconds, retried, and warnings where there is no network),
# and its table of Anthropic beta headers at the first call that needs one, unless told to use the copies it ships with. lisette
# uses those copies: neither importing lisette nor a call fetches anything but the provider's reply, and the same reply costs the
# same from run to run. Set either variable to False before importing lisette to have LiteLLM fetch the newest.
for _k in ('LITELLM_LOCAL_MODEL_COST_MAP', 'LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS'): _os.environ.setdefault(_k, 'True')
del _k

# `from lisette import *` gives the public API of these modules. They are loaded on first use rather than here, so that
# `import lisette.replay` (the first line of a replayed notebook) or the pytest plugin doesn't import LiteLLM.
_mods,_names = ('core', 'asink', 'structured', 'saving', 'approval', 'context'),[]

def _load():
    "Import the modules and bind their public names here (the function `structured` over the submodule of that name)"
    if not _names:
        ms = [_importlib.import_module(f'{__name__}.{m}') for m in _mods]
        _names.extend(o for m in ms for o in m.__all__)
        globals().update({o:getattr(m, o) for m in ms for o in m.__all__})
    return _names

def __dir__(): return sorted(set(globals()) | set(_load()))

if _typing.TYPE_CHECKING:
    # The same names, spelled out for type checkers and editors, which don't run `__getattr__` (and so don't see it either: a
    # misspelt name is an error). Written by `python tools/check_typing.py --write`; CI checks it matches `__all__`.
    # <typing names>
    from .core import (Chat as Chat, EmptyReply as EmptyReply, Event as Event, HookWarning as HookWarning, Pause as Pause, Paused as Paused,
        PendingCall as PendingCall, bytes_mime as bytes_mime, effort as effort, est_tokens as est_tokens, lite_mk_func as lite_mk_func,
        mk_msg as mk_msg, mk_msgs as mk_msgs, mk_tc as mk_tc, mk_tc_req as mk_tc_req, mk_tc_result as mk_tc_result,
        mk_tc_results as mk_tc_results, needs_approval as needs_approval, patch_litellm as patch_litellm, random_tool_id as random_tool_id,
        run_alone as run_alone, server_tool_calls as server_tool_calls, stream_with_complete as stream_with_complete,
        tool_content as tool_content, tool_text as tool_text)
    from .policies import (Budget as Budget, NoRetry as NoRetry, Retry as Retry, Use as Use, fmt_usage as fmt_usage,
        response_cost as response_cost)
    from .display import (adisplay_stream as adisplay_stream, aformat_stream as aformat_stream, cite_footnote as cite_footnote,
        cite_footnotes as cite_footnotes, cited_text as cited_text, contents as contents, delta_text as delta_text,
        display_stream as display_stream, format_stream as format_stream)
    from .asink import (AsyncChat as AsyncChat, astream_with_complete as astream_with_complete)
    from .structured import (StructuredError as StructuredError, astructured as astructured, struct_build as struct_build,
        struct_format as struct_format, struct_schema as struct_schema, structured as structured, supports_native as supports_native)
    from .saving import (chat_format as chat_format, chat_version as chat_version)
    from .approval import (ask_approval as ask_approval, fmt_call as fmt_call)
    from .context import (CacheCall as CacheCall, CacheMissWarning as CacheMissWarning, CacheReport as CacheReport,
        CacheWatch as CacheWatch, Compaction as Compaction)
    # </typing names>
else:
    def __getattr__(nm):
        if nm == '__all__': return list(_load())
        if nm in _load(): return globals()[nm]
        raise AttributeError(f"module {__name__!r} has no attribute {nm!r}")
