/**
 * The payload builder's Python side: a long-lived process on the controller, started from
 * the Python that carries ansible-core, which builds each module's AnsiballZ payload with
 * Ansible's own `modify_module` (executor/module_common.py: module_utils found by
 * recursive_finder, zipped, wrapped in ANSIBALLZ_TEMPLATE). One request per line
 * (`{"id", "name", "path", "dirs"}`), one JSON answer per line. The arguments are left
 * empty (`{}`): module-payload.ts fills each host's into the same payload.
 */
export const BUILDER_SCRIPT = String.raw`
import sys, json, base64
from ansible.executor import module_common
from ansible.template import Templar
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import add_all_plugin_dirs

templar = Templar(loader=DataLoader())
# The shebang is only a comment with pipelining: the interpreter is chosen per host.
task_vars = {'ansible_python_interpreter': '/usr/bin/python3'}
out = sys.stdout
added = set()
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
    except Exception as e:
        answer = {'id': req['id'], 'error': '%s: %s' % (type(e).__name__, e)}
    out.write(json.dumps(answer) + '\n')
    out.flush()
`;
