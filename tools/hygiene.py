#!/usr/bin/env python
"""Nothing secret in what the repository publishes: recordings and notebook outputs go out with the docs, so they must never
hold an API key, an organisation or project id, a cookie, or a path on the machine that made them.

  python tools/hygiene.py     checks its own patterns, then scans cachy.jsonl and the outputs (not the sources) of every
                              notebook in nbs/; exits 1, listing what it found, if anything leaks (CI runs it)"""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

# each pattern is written so that it doesn't match itself (`[z]` matches 'z'): this source is scanned like any other file
leak_pats = {'API key': r'\b(sk-(ant-)?[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,})',
             'organisation or project id': r'(anthropic-organi[z]ation-id|openai-organi[z]ation|openai-pro[j]ect)',
             'cookie': r'(?i)\bset-coo[k]ie\b', 'API key header': r'(?i)\bx-(api|goog-api)-key\b',
             'local path': r'(/roo[t]/|/hom[e]/[a-z]|/Users/[A-Za-z]|/tm[p]/tmp|[A-Z]:\\\\Users|/(?:site|dist)-package[s]/)'}

def find_leaks(txt:str, where=''):
    "Descriptions of every secret or machine path `leak_pats` finds in `txt`"
    return [f"{where}: {k} ({m.group(0)[:12]}...)" for k,p in leak_pats.items() for m in re.finditer(p, txt)]

def nb_outputs(path):
    "The text of every output of the notebook at `path`"
    nb = json.loads(Path(path).read_text())
    return '\n'.join(json.dumps(o) for c in nb['cells'] for o in c.get('outputs', []))

def repo_leaks(root=root):
    "Leaks in the recordings (`cachy.jsonl`) and in the outputs of every notebook in `nbs/` under `root`"
    rec = Path(root)/'cachy.jsonl'
    leaks = find_leaks(rec.read_text(), rec.name) if rec.exists() else []
    return leaks + [o for p in sorted((Path(root)/'nbs').glob('*.ipynb')) for o in find_leaks(nb_outputs(p), p.name)]

def self_test():
    "The patterns find a key and a path, and pass a clean header"
    assert find_leaks('{"headers": {"content-type": "application/json"}}') == []
    fake_key,fake_path = 'sk-' + 'ant-api03-' + 'x'*24,'/' + 'home/alice/x'  # built here so this source doesn't look like a leak itself
    found = find_leaks(f'key {fake_key} and {fake_path}', 'f')
    assert [o.split(' (')[0] for o in found] == ['f: API key', 'f: local path'], found
    assert find_leaks(Path(__file__).read_text()) == [], 'the patterns match their own source'

if __name__ == '__main__':
    self_test()
    leaks = repo_leaks()
    for o in leaks: print(o)
    n = len(list((root/'nbs').glob('*.ipynb')))
    print(f"hygiene: cachy.jsonl and the outputs of {n} notebooks: {len(leaks) or 'no'} leaks")
    sys.exit(1 if leaks else 0)
