/**
 * Values between JSON and Python, both ways: tagged where JSON cannot say what Python means (a
 * float that is whole, a tuple, an unsafe value, which arrives wrap_var'd). Shared by the
 * template plugin helper and the action plugin helper (bridge/action-plugins.ts).
 */
export const PY_VALUE_CODEC = String.raw`
def encode(v):
    if isinstance(v, bool) or v is None or isinstance(v, int):
        return v
    if isinstance(v, float):
        return {'__py__': 'float', 'v': v} if v.is_integer() else v
    if isinstance(v, str):
        return str(v)
    if isinstance(v, bytes):
        return v.decode('utf-8', 'surrogateescape')
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    if isinstance(v, tuple):
        return {'__py__': 'tuple', 'v': [encode(x) for x in v]}
    if isinstance(v, (list, set, frozenset)) or hasattr(v, '__iter__') and not hasattr(v, 'keys'):
        return [encode(x) for x in v]
    if hasattr(v, 'keys'):
        return {str(k): encode(v[k]) for k in v.keys()}
    return str(v)

def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        kind = v.get('__py__')
        if kind == 'float':
            return float(v['v'])
        if kind == 'tuple':
            return tuple(decode(x) for x in v['v'])
        if kind == 'unsafe':
            from ansible.utils.unsafe_proxy import wrap_var
            return wrap_var(decode(v['v']))
        return {k: decode(x) for k, x in v.items()}
    return v
`;

/**
 * The Python side of the filter, test and lookup plugins flotilla does not implement: one
 * helper per thread that templates, started on first need. It asks ansible-core's own plugin
 * loaders (the collections, role and playbook `filter_plugins/`/`test_plugins/`/
 * `lookup_plugins/` dirs, ANSIBLE_FILTER_PLUGINS, …) and calls the plugin. Requests and answers
 * are length-prefixed JSON on two FIFOs; values are tagged where JSON cannot say what Python
 * means (a float that is whole, a tuple).
 */
export const HELPER_SCRIPT = String.raw`
import json, os, struct, sys

req = open(sys.argv[1], 'rb', buffering=0)
res = open(sys.argv[2], 'wb', buffering=0)

def read_exact(n):
    data = b''
    while len(data) < n:
        chunk = req.read(n - len(data))
        if not chunk:
            sys.exit(0)
        data += chunk
    return data

${PY_VALUE_CODEC}
def send(obj):
    data = json.dumps(obj).encode()
    res.write(struct.pack('>I', len(data)) + data)

try:
    import warnings
    warnings.simplefilter('ignore')
    from ansible.plugins.loader import add_all_plugin_dirs, lookup_loader
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar
    from ansible.utils.unsafe_proxy import wrap_var
    loader = DataLoader()
    env = Templar(loader=loader).environment
    tables = {'filter': env.filters, 'test': env.tests}
    send({'ready': True})
except Exception as e:
    send({'error': {'cls': type(e).__name__, 'msg': str(e)}})
    sys.exit(0)

def lookup(kind, name):
    try:
        if kind == 'lookup':
            return lookup_loader.find_plugin(name)
        return tables[kind][name]
    except Exception:
        return None

def run_lookup(name, terms, variables, kwargs):
    loader.set_basedir(variables.get('playbook_dir') or os.getcwd())
    templar = Templar(loader=loader, variables=variables)
    plugin = lookup_loader.get(name, loader=loader, templar=templar)
    return plugin.run(terms, variables=variables, **kwargs)

while True:
    (n,) = struct.unpack('>I', read_exact(4))
    msg = json.loads(read_exact(n))
    op = msg['op']
    try:
        if op == 'dirs':
            for d in msg['dirs']:
                add_all_plugin_dirs(d)
            send({'ok': True})
        elif op == 'has':
            send({'ok': lookup(msg['kind'], msg['name']) is not None})
        elif msg['kind'] == 'lookup':
            kwargs = {k: decode(v) for k, v in msg['kwargs'].items()}
            send({'ok': encode(run_lookup(msg['name'], decode(msg['value']), decode(msg['args'][0]), kwargs))})
        else:
            fn = lookup(msg['kind'], msg['name'])
            args = [decode(a) for a in msg['args']]
            kwargs = {k: decode(v) for k, v in msg['kwargs'].items()}
            pass_arg = getattr(fn, 'jinja_pass_arg', None)
            if pass_arg is not None and getattr(pass_arg, 'name', '') == 'environment':
                args.insert(0, env)
            elif pass_arg is not None:
                raise TypeError('%s %s needs a Jinja2 %s, which flotilla cannot give it' % (msg['kind'], msg['name'], pass_arg.name))
            send({'ok': encode(fn(decode(msg['value']), *args, **kwargs))})
    except Exception as e:
        cls = type(e)
        send({'error': {'cls': cls.__module__ + '.' + cls.__name__, 'msg': str(e)}})
`;
