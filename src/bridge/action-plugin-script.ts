/**
 * The Python side of the action plugins flotilla does not implement (an `action_plugins/`
 * dir's): one helper per worker, started on the first such task. It builds what ansible-core's
 * TaskExecutor gives a plugin (Task, PlayContext, DataLoader, Templar, the plugin loaders) and
 * runs the plugin's run(). What the plugin asks of the host comes back to the worker as a
 * request: a module (_execute_module), a command (the connection's exec_command, which
 * _low_level_execute_command uses), a file put or fetched. The worker answers it over the
 * host's own connection, so no Python talks to hosts. Messages are length-prefixed JSON on
 * fds 3 (to the helper) and 4 (from it); the plugin's own output goes to stderr.
 */
import { PY_VALUE_CODEC } from '../template/index.js';

export const ACTION_PLUGIN_SCRIPT = String.raw`
import json, os, struct, sys, traceback

REQ, RES = 3, 4

def read_exact(n):
    data = b''
    while len(data) < n:
        chunk = os.read(REQ, n - len(data))
        if not chunk:
            sys.exit(0)
        data += chunk
    return data

def receive():
    (n,) = struct.unpack('>I', read_exact(4))
    return json.loads(read_exact(n))

def send(obj):
    data = json.dumps(obj).encode()
    data = struct.pack('>I', len(data)) + data
    while data:
        data = data[os.write(RES, data):]

${PY_VALUE_CODEC}
try:
    import warnings
    warnings.simplefilter('ignore')
    from ansible.errors import AnsibleActionFail, AnsibleActionSkip, AnsibleConnectionFailure, AnsibleError
    from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text
    from ansible.parsing.dataloader import DataLoader
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.plugins import loader as plugin_loader
    from ansible.plugins.action import ActionBase
    from ansible.template import Templar
    from ansible.utils.unsafe_proxy import wrap_var
    send({'ready': True})
except Exception as e:
    send({'error': '%s: %s' % (type(e).__name__, e)})
    sys.exit(0)

def ask_worker(request):
    send(request)
    answer = receive()
    if 'error' in answer:
        raise AnsibleError(answer['error'])
    return answer.get('ok')

class HostConnection(object):
    '''The task's connection, as far as action plugins use it: the worker does the work.'''
    has_pipelining = True
    always_pipeline_modules = False
    has_native_async = False
    has_tty = False
    allow_executable = True
    supports_persistence = False
    force_persistence = False
    module_implementation_preferences = ('',)
    become = None
    _connected = True

    def __init__(self, transport, shell_type, play_context, task_vars):
        self.transport = transport
        self._play_context = play_context
        self._shell = plugin_loader.shell_loader.get(shell_type or 'sh')
        try:
            self._shell.set_options(var_options=task_vars)
        except Exception:
            pass
        self._options = {}

    @property
    def connected(self):
        return True

    def _connect(self):
        return self

    def get_option(self, name, hostvars=None):
        return self._options.get(name)

    def set_option(self, name, value):
        self._options[name] = value

    def has_option(self, name):
        return name in self._options

    def set_options(self, task_keys=None, var_options=None, direct=None):
        pass

    def exec_command(self, cmd, in_data=None, sudoable=True):
        r = ask_worker({'do': 'exec', 'cmd': to_text(cmd), 'sudoable': bool(sudoable),
                        'stdin': None if in_data is None else to_text(in_data)})
        return r['rc'], to_bytes(r['stdout'], errors='surrogate_or_strict'), to_bytes(r['stderr'], errors='surrogate_or_strict')

    def put_file(self, in_path, out_path):
        ask_worker({'do': 'put', 'src': to_text(in_path), 'dest': to_text(out_path)})

    def fetch_file(self, in_path, out_path):
        ask_worker({'do': 'fetch', 'src': to_text(in_path), 'dest': to_text(out_path)})

    def reset(self):
        pass

    def close(self):
        pass

def execute_module(self, module_name=None, module_args=None, tmp=None, task_vars=None, persist_files=False,
                   delete_remote_tmp=None, wrap_async=False):
    # The worker runs the module as it runs a task's (check mode, diff, become, environment and
    # the internal arguments as the task sets them); its result is host data (wrap_var), as here.
    if module_name is None:
        module_name = self._task.action
    if module_args is None:
        module_args = self._task.args
    result = ask_worker({'do': 'module', 'name': to_text(module_name), 'args': encode(module_args),
                         'async': bool(wrap_async)})
    return wrap_var(decode(result))

ActionBase._execute_module = execute_module

added_dirs = set()

def run(msg):
    for d in msg['dirs']:
        if d not in added_dirs:
            plugin_loader.add_all_plugin_dirs(d)
            added_dirs.add(d)
    t = msg['task']
    task_vars = decode(msg['vars'])
    loader = DataLoader()
    loader.set_basedir(msg['basedir'])
    task = Task()
    task.action = t['action']
    task.resolved_action = t['action']
    task.args = decode(t['args'])
    task.async_val = t['async']
    task.poll = t['poll']
    task.check_mode = t['check']
    task.diff = t['diff']
    task.no_log = t['no_log']
    task.delegate_to = t.get('delegate_to')
    play_context = PlayContext()
    play_context.check_mode = t['check']
    play_context.diff = t['diff']
    play_context.no_log = t['no_log']
    play_context.remote_addr = t.get('remote_addr')
    play_context.remote_user = t.get('remote_user')
    play_context.become = t['become']
    play_context.become_user = t.get('become_user')
    play_context.connection = t['connection']
    connection = HostConnection(t['connection'], t.get('shell_type'), play_context, task_vars)
    templar = Templar(loader=loader, variables=task_vars)
    handler = plugin_loader.action_loader.get(t['handler'], task=task, connection=connection, play_context=play_context,
                                              loader=loader, templar=templar, shared_loader_obj=plugin_loader)
    if handler is None:
        raise AnsibleError('the action plugin %s was not found' % t['handler'])
    # TaskExecutor._execute: what it catches around the handler's run
    try:
        return handler.run(task_vars=task_vars)
    except (AnsibleActionFail, AnsibleActionSkip) as e:
        return e.result
    except AnsibleConnectionFailure as e:
        return dict(unreachable=True, msg=to_text(e))
    finally:
        handler.cleanup()

while True:
    msg = receive()
    # TaskExecutor.run: what it catches around the whole task (such a result gets no defaults)
    task_error = True
    try:
        result = run(msg)
        task_error = False
    except AnsibleError as e:
        result = dict(failed=True, msg=to_text(e, nonstring='simplerepr'))
    except Exception as e:
        result = dict(failed=True, msg='Unexpected failure during module execution: %s' % to_native(e, nonstring='simplerepr'),
                      exception=to_text(traceback.format_exc()), stdout='')
    try:
        send({'done': encode(result), 'task_error': task_error})
    except Exception as e:
        send({'done': {'failed': True, 'msg': 'the action plugin returned what cannot be sent: %s' % e}, 'task_error': True})
`;
