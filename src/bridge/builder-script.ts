/**
 * The payload builder's Python side: a long-lived process on the controller, started from
 * the Python that carries ansible-core, which builds each module's AnsiballZ payload with
 * Ansible's own `modify_module` (executor/module_common.py: module_utils found by
 * recursive_finder, zipped, wrapped in ANSIBALLZ_TEMPLATE). One request per line
 * (`{"id", "name", "path", "dirs"}`), one JSON answer per line. The arguments are left
 * empty (`{}`): module-payload.ts fills each host's into the same payload.
 *
 * For a new-style payload the answer also carries `bytecode`: its ZIPDATA with a compiled
 * `.pyc` (hash-based, unchecked) next to every `.py`, and this Python's `magic`. A warm
 * runner whose Python has the same magic imports `basic` from it instead of compiling the
 * sources (python-runner-script.ts): the same code objects, compiled once per run here.
 */
export const BUILDER_SCRIPT = String.raw`
import sys, json, base64, io, re, zipfile, marshal, importlib.util
from ansible.executor import module_common
from ansible.template import Templar
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import add_all_plugin_dirs

templar = Templar(loader=DataLoader())
# The shebang is only a comment with pipelining: the interpreter is chosen per host.
task_vars = {'ansible_python_interpreter': '/usr/bin/python3'}
out = sys.stdout
added = set()
magic = importlib.util.MAGIC_NUMBER

def bytecode(data):
    m = re.search(rb'ZIPDATA = """([^"]*)"""', data)
    if not m:
        return None
    src = zipfile.ZipFile(io.BytesIO(base64.b64decode(m.group(1))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as z:
        for info in src.infolist():
            body = src.read(info)
            z.writestr(info.filename, body)
            if info.filename.endswith('.py'):
                # The runner gives the code its real path on the host (relocated there).
                code = compile(body, info.filename, 'exec', dont_inherit=True)
                flags = (1).to_bytes(4, 'little')  # hash-based, source not checked
                z.writestr(info.filename + 'c', magic + flags + importlib.util.source_hash(body) + marshal.dumps(code))
    return base64.b64encode(out.getvalue()).decode('ascii')

for line in sys.stdin:
    req = json.loads(line)
    try:
        # The playbook's and the roles' dirs: their module_utils/ feed recursive_finder.
        for d in req.get('dirs', []):
            if d not in added:
                added.add(d)
                add_all_plugin_dirs(d)
        data, style, shebang = module_common.modify_module(
            req['name'], req['path'], {}, templar, task_vars=task_vars,
            module_compression=req.get('compression', 'ZIP_DEFLATED'))
        answer = {'id': req['id'], 'style': style, 'shebang': shebang,
                  'payload': base64.b64encode(data).decode('ascii')}
        if style == 'new':
            answer['bytecode'] = bytecode(data)
            answer['magic'] = magic.hex()
    except Exception as e:
        answer = {'id': req['id'], 'error': '%s: %s' % (type(e).__name__, e)}
    out.write(json.dumps(answer) + '\n')
    out.flush()
`;
