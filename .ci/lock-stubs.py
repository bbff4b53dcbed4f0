#!/usr/bin/env python3
"""Adds package-lock entries for the other platforms' builds of optional packages (@duckdb/node-bindings-*,
@rollup/rollup-*) when the registry in use does not serve them, so `npm ci` accepts the lock and skips them on
this platform. Run it after an `npm install` that rewrote the lock on such a machine:
    python3 .ci/lock-stubs.py package-lock.json"""
import json, re, sys
path = sys.argv[1]
lock = json.load(open(path))
pk = lock['packages']
CPUS = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x']
OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'openharmony']
added = []
for key, entry in list(pk.items()):
    for name, version in (entry.get('optionalDependencies') or {}).items():
        target = f'node_modules/{name}'
        if target in pk: continue
        base = name.split('/')[-1]
        os_ = next((o for o in OSES if f'-{o}-' in f'-{base}-'), None)
        cpu = next((c for c in CPUS if re.search(rf'-{c}(-|$)', base)), None)
        if os_ is None or cpu is None:
            print('skip (not a platform package):', name); continue
        # Fields in the order npm writes them, so a later `npm install` leaves the entries as they are.
        stub = {'version': version, 'cpu': [cpu]}
        if entry.get('dev'): stub['dev'] = True
        if 'musl' in base: stub['libc'] = ['musl']
        elif os_ == 'linux' and ('gnu' in base or base.endswith(f'linux-{cpu}')): stub['libc'] = ['glibc']
        stub['optional'] = True
        stub['os'] = [os_]
        pk[target] = stub
        added.append(name)
lock['packages'] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(path, 'w'), indent=2, ensure_ascii=False)
open(path, 'a').write('\n')
print('added', len(added))
