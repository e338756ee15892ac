"""Proposed changes to lisette's core, as monkeypatches, so their gain can be measured before the notebooks change:
`python bench/cpu.py URL --try req,use` or `python bench/instr.py URL --try req,use` (names from `ALL`; see RESULTS.md)."""
import pickle, copy, dataclasses
import lisette.core as lc
from lisette.core import Chat, Use, mk_msg, mk_msgs, _copy
from fastcore.basics import patch

def p_req():
    "_req: copy only what LiteLLM may edit (tool schemas, dict-valued options), with pickle rather than deepcopy"
    def _req(self, prefill=None, stream=False, tool_choice=None, opts=None, **kwargs):
        res = dict(tools=self.tool_schemas) | (opts or {})
        if res['tools'] or any(isinstance(v, (dict, list)) for v in (opts or {}).values()): res = _copy(res)
        res |= dict(messages=self._prep_msgs(prefill), stream=stream)
        res.setdefault('model', self.model)
        if tool_choice and res['tools']: res['tool_choice'] = tool_choice
        return res | {'max_retries':0} | kwargs
    Chat._req = _req

def p_prep():
    "_prep_msgs: without prompt caching, check each stored message once (remembered with its dict form) instead of on every turn"
    def _prep_msgs(self, prefill=None):
        if self.cache:  return _orig_prep(self, prefill)
        sp = [mk_msg(self.sp, 'system')] if self.sp else []
        msgs = sp + [self._checked(m) for m in self.hist]
        return _copy(msgs) + ([{'role':'assistant', 'content':prefill}] if prefill else [])
    def _checked(self, m):
        c = self._dicts.get(id(m))
        if c is None or c[0] is not m:
            d = lc._as_dict(lc.mk_msg(m)) if not isinstance(m, str) else lc.mk_msg(m)
            c = self._dicts[id(m)] = (m, d)
        return c[1]
    _orig_prep = Chat._prep_msgs
    Chat._prep_msgs,Chat._checked = _prep_msgs,_checked

def p_use():
    "Use: add up in place, field by field, instead of building a new Use through vars() and zip"
    flds = [f.name for f in dataclasses.fields(Use)]
    def __iadd__(self, o):
        for k in flds: setattr(self, k, getattr(self, k) + getattr(o, k))
        return self
    Use.__iadd__ = __iadd__

def p_norm():
    "_norm_msg: a plain text reply (no tool calls, thinking, annotations, reasoning items) skips the field-by-field clean-up"
    orig = lc._norm_msg
    simple = {'content', 'role', 'provider_specific_fields', 'tool_calls', 'function_call'}
    def _norm_msg(m):
        if not isinstance(m, lc.Message): return orig(m)
        d = m.model_dump(exclude_none=True, warnings=False)
        if d.keys() - simple or d.get('tool_calls') or any(v is not None for v in (d.get('provider_specific_fields') or {}).values()): return orig(d)
        return lc.Message(content=d.get('content') or None, role='assistant', tool_calls=None, function_call=None, provider_specific_fields=None)
    lc._norm_msg = _norm_msg

ALL = dict(req=p_req, prep=p_prep, use=p_use, norm=p_norm)

def apply(argv):
    "Apply the proposals named after `--try` in `argv` (comma-separated); returns their names"
    if '--try' not in argv: return []
    nms = argv[argv.index('--try')+1].split(',')
    for n in nms: ALL[n]()
    return nms
