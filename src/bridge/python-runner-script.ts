/**
 * The warm Python runner's host side (python-runner.ts drives it): one python3 per host
 * connection, started over one long-lived exec channel, that runs each bridged new-style
 * module in a forked child instead of a fresh interpreter (Mitogen's way). Its start-up and
 * the import of `ansible.module_utils.basic` (most of a module's host CPU) are paid once.
 *
 * Start: `python3 -c 'import sys;exec(sys.stdin.buffer.read(N))'` reads this script, the
 * controller waits for its ready frame before sending anything else.
 *
 * Frames: a 4-byte big-endian length, then the bytes. A request is a JSON header frame
 * `{"id", "hash", "payload": bool, "env": {...}}`, then (when `payload`) the AnsiballZ
 * payload's head and tail frames (sent once per host, kept by hash), then the arguments'
 * Python literal. The script run is head + literal + tail, the same bytes Ansible pipes.
 * With `"bytecode": true` (the first payload, when the controller's Python has the magic
 * number the ready frame gave), a frame after the tail holds the payload's zip with a `.pyc`
 * next to each `.py`, compiled on the controller: the warm-up imports from it.
 * A reply is a JSON header frame `{"id", "rc", "signal"}` or `{"id", "cold": true}`, then
 * the child's stdout and stderr frames.
 *
 * Warm: on the first payload, its ZIPDATA (or the compiled zip) is written to the runner's
 * private temp dir and `ansible.module_utils.basic` imported from it (with sys.path as the
 * wrapper leaves it). From the compiled zip, the code objects get the paths a source import
 * would give them; compiling basic's sources was most of a runner's start on the host.
 * Every later payload is checked against it (the zip members of the warm modules: same CRC
 * and size) and answered `cold` when it differs: the controller then runs it as before.
 *
 * Each request: fork; the child makes its own session (sshd makes every command a session
 * leader), takes /dev/null as fd 0 and pipes as fd 1 and 2, sets the task's environment,
 * restores argv/path/__main__ as `python3` reading the script from stdin has them, and
 * runs the wrapper as __main__; the exit is Python's own (SystemExit's code or message, an
 * uncaught exception's traceback and rc 1, threads joined, atexit run, streams flushed).
 * The warm packages' __path__ follows the payload zip the wrapper put first on sys.path,
 * so the module and its other module_utils come from this payload, as in a fresh process.
 *
 * Clean-up: a reaper process holds the read end of a pipe only the runner writes to; when
 * the runner ends in any way (EOF on its stdin, SIGTERM, SIGHUP, SIGKILL), the reaper sees
 * EOF and removes the private dir. Module arguments only ever travel in the framed stdin.
 */
export const PYTHON_RUNNER_SCRIPT = String.raw`
import os, sys

def _runner():
    import base64, builtins, io, json, re, select, shutil, signal, struct, tempfile, time, types, zipfile, zipimport
    from importlib.util import MAGIC_NUMBER
    import runpy  # noqa: F401  (the wrapper's own imports, warm in every child)
    pin, pout = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)

    def read_exact(n):
        chunks = []
        while n > 0:
            b = os.read(pin, min(n, 1 << 20))
            if not b:
                return None
            chunks.append(b)
            n -= len(b)
        return b''.join(chunks)

    def read_frame():
        head = read_exact(4)
        if head is None:
            return None
        (n,) = struct.unpack('>I', head)
        body = read_exact(n) if n else b''
        if body is None:
            return None
        return body

    def write_frames(*frames):
        data = b''.join(struct.pack('>I', len(f)) + f for f in frames)
        view = memoryview(data)
        while view:
            view = view[os.write(pout, view):]

    def hello(**fields):
        write_frames(json.dumps(fields).encode('ascii'))

    if sys.version_info < (3, 6):
        hello(ready=False, why='python %d.%d is too old' % sys.version_info[:2])
        return
    private = tempfile.mkdtemp(prefix='flotilla-runner-')
    tempfile.tempdir = None
    # The reaper: removes the private dir once the runner is gone, however it went.
    alive_r, alive_w = os.pipe()
    if os.fork() == 0:
        try:
            os.close(alive_w)
            os.close(pin)
            os.close(pout)
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            while os.read(alive_r, 1):
                pass
        finally:
            shutil.rmtree(private, True)
            os._exit(0)
    os.close(alive_r)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)

    cwd = os.getcwd()
    # As the wrapper leaves it: no cwd and no script dir (<stdin> resolves into cwd).
    base_path = list(sys.path)
    clean_path = [p for p in base_path if p not in ('', '.', cwd)]
    zipdata_re = re.compile(rb'ZIPDATA = """([^"]*)"""')
    payloads = {}
    state = {'warm': None, 'broken': False}

    class PayloadPath(list):
        """A warm package's __path__: its dir in the payload zip first on sys.path, when there is one."""
        def __init__(self, parts, original):
            list.__init__(self, original)
            self.parts = parts
        def __iter__(self):
            first = sys.path[0] if sys.path else ''
            if first.endswith('_payload.zip'):
                return iter([os.path.join(first, *self.parts)])
            return list.__iter__(self)

    def zip_members(data):
        return {i.filename: (i.CRC, i.file_size) for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}

    def relocate(code, filename):
        consts = tuple(relocate(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
        return code.replace(co_filename=filename, co_consts=consts)

    class Precompiled(zipimport.zipimporter):
        """The warm zip with the controller's .pyc next to each .py: the code objects it would
        compile, with the paths a source import from this zip gives them (the controller
        compiled them under their names in the zip)."""
        def get_filename(self, fullname):
            # Without loading the code, which zipimporter's own does to learn the path.
            last = fullname.rpartition('.')[2]
            if self.is_package(fullname):
                return os.path.join(self.archive, self.prefix, last, '__init__.py')
            return os.path.join(self.archive, self.prefix, last + '.py')

        def get_code(self, fullname):
            code = zipimport.zipimporter.get_code(self, fullname)
            path = self.get_filename(fullname)
            return code if code.co_filename == path else relocate(code, path)

    def warm_up(data, compiled):
        path = os.path.join(private, 'warm.zip')
        with open(path, 'wb') as f:
            f.write(compiled or data)

        def hook(entry):
            if entry == path or entry.startswith(path + os.sep):
                return Precompiled(entry)
            raise ImportError(entry)
        if compiled:
            sys.path_hooks.insert(0, hook)
        sys.path[:] = [path] + clean_path
        try:
            from ansible.module_utils import basic  # noqa: F401
        finally:
            sys.path[:] = base_path
            if compiled:
                sys.path_hooks.remove(hook)
                for entry in [e for e in sys.path_importer_cache if e == path or e.startswith(path + os.sep)]:
                    del sys.path_importer_cache[entry]
        members = zip_members(data)
        warm = {}
        prefix = path + os.sep
        for name, mod in list(sys.modules.items()):
            f = getattr(mod, '__file__', None) or ''
            if not f.startswith(prefix):
                continue
            member = f[len(prefix):]
            warm[member] = members.get(member)
            if hasattr(mod, '__path__'):
                mod.__path__ = PayloadPath(name.split('.'), mod.__path__)
        return warm

    def is_warm(entry):
        # entry: [head, tail, verdict]; the verdict is made once per payload.
        if entry[2] is None:
            m = zipdata_re.search(entry[0])
            data = base64.b64decode(m.group(1)) if m else None
            if data is None or state['broken']:
                entry[2] = False
            elif state['warm'] is None:
                try:
                    state['warm'] = warm_up(data, state.pop('bytecode', None))
                    entry[2] = True
                except BaseException:
                    state['broken'] = True
                    entry[2] = False
            else:
                members = zip_members(data)
                entry[2] = all(members.get(k) == v for k, v in state['warm'].items())
        return entry[2]

    def with_const(code, old, new):
        consts = []
        for c in code.co_consts:
            if type(c) is str and c == old:
                c = new
            elif isinstance(c, types.CodeType):
                c = with_const(c, old, new)
            consts.append(c)
        return code.replace(co_consts=tuple(consts))

    def count_const(code, value):
        return sum(1 if (type(c) is str and c == value) else
                   count_const(c, value) if isinstance(c, types.CodeType) else 0 for c in code.co_consts)

    literal_re = re.compile(rb"'((?:[^'\\\n]|\\[\\'])*)'")

    def literal_text(params):
        # The controller's literal (module-payload.ts): ASCII in single quotes, only \\ and \' escaped.
        m = literal_re.fullmatch(params)
        if not m:
            return None
        return re.sub(rb"\\(.)", rb"\1", m.group(1)).decode('ascii')

    def payload_code(entry, key, params):
        # The payload compiled once, a sentinel literal in the arguments' place (the same
        # line), then each request's arguments swapped in as that constant: compiling the
        # wrapper's ZIPDATA literal costs more than the rest of a small module's run.
        if len(entry) < 4:
            sentinel = '__flotilla_args_%s__' % key
            code = None
            if hasattr(types.CodeType, 'replace'):
                try:
                    code = compile(entry[0] + ("'%s'" % sentinel).encode('ascii') + entry[1], '<stdin>', 'exec')
                    if count_const(code, sentinel) != 1:
                        code = None
                except SyntaxError:
                    code = None
            entry.append((code, sentinel))
        code, sentinel = entry[3]
        if code is None:
            return None
        value = literal_text(params)
        return None if value is None else with_const(code, sentinel, value)

    def exit_code(e):
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code & 0xff
        try:
            sys.stderr.write(str(code) + '\n')
        except BaseException:
            pass
        return 1

    def child(code, script, env, fds):
        for fd in fds:
            os.close(fd)
        os.setsid()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        os.environ.update(env)
        tempfile.tempdir = None
        sys.argv[:] = ['']
        sys.path[:] = base_path
        main = types.ModuleType('__main__')
        main.__file__ = '<stdin>'
        main.__builtins__ = builtins
        sys.modules['__main__'] = main
        try:
            exec(code or compile(script, '<stdin>', 'exec'), main.__dict__)
            rc = 0
        except SystemExit as e:
            rc = exit_code(e)
        except BaseException:
            t, v, tb = sys.exc_info()
            # The traceback starts at the wrapper's frame, as in a fresh interpreter.
            v.__traceback__ = tb.tb_next
            rc = 1
            try:
                sys.excepthook(t, v, tb.tb_next)
            except SystemExit as e:
                # a hook that exits (the file module's calls fail_json): Python exits with its code
                rc = exit_code(e)
            except BaseException:
                pass
        # Python's own exit: non-daemon threads joined, atexit handlers run, streams flushed.
        try:
            import threading
            threading._shutdown()
        except BaseException:
            pass
        try:
            import atexit
            atexit._run_exitfuncs()
        except BaseException:
            pass
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        return rc

    def run(code, script, env):
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            rc = 1
            try:
                os.dup2(out_w, 1)
                os.dup2(err_w, 2)
                rc = child(code, script, env, (out_r, err_r, out_w, err_w, pin, pout, alive_w))
            finally:
                os._exit(rc)
        os.close(out_w)
        os.close(err_w)
        chunks = {out_r: [], err_r: []}
        poller = select.poll()
        poller.register(out_r, select.POLLIN)
        poller.register(err_r, select.POLLIN)
        poller.register(pin, select.POLLIN)
        open_fds = {out_r, err_r}
        killed_at = None
        while open_fds:
            if killed_at is not None and killed_at + 1 < time.monotonic():
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
                killed_at = float('inf')
            for fd, ev in poller.poll(200 if killed_at is not None else None):
                if fd == pin:
                    # The controller went away (or the connection closed): end the module, as a
                    # closed session's process group is killed.
                    poller.unregister(pin)
                    try:
                        os.killpg(pid, signal.SIGTERM)
                    except OSError:
                        pass
                    killed_at = time.monotonic()
                    continue
                b = os.read(fd, 65536)
                if b:
                    chunks[fd].append(b)
                else:
                    poller.unregister(fd)
                    open_fds.discard(fd)
                    os.close(fd)
        _, status = os.waitpid(pid, 0)
        out, err = b''.join(chunks[out_r]), b''.join(chunks[err_r])
        if os.WIFSIGNALED(status):
            try:
                sig = signal.Signals(os.WTERMSIG(status)).name[3:]
            except ValueError:
                sig = str(os.WTERMSIG(status))
            return {'rc': -1, 'signal': sig}, out, err, killed_at is not None
        return {'rc': os.WEXITSTATUS(status)}, out, err, killed_at is not None

    try:
        hello(ready=True, pid=os.getpid(), python=list(sys.version_info[:3]), dir=private, magic=MAGIC_NUMBER.hex())
        while True:
            header = read_frame()
            if header is None:
                return
            req = json.loads(header.decode('utf-8'))
            if req.get('payload'):
                head, tail = read_frame(), read_frame()
                if head is None or tail is None:
                    return
                payloads[req['hash']] = [head, tail, None]
            if req.get('bytecode'):
                # The payload's zip compiled by the controller's Python (same magic): for the warm-up.
                compiled = read_frame()
                if compiled is None:
                    return
                if state['warm'] is None:
                    state['bytecode'] = compiled
            params = read_frame()
            if params is None:
                return
            entry = payloads.get(req['hash'])
            if entry is None or not is_warm(entry):
                cold = {'id': req['id'], 'cold': True, 'broken': state['broken']}
                write_frames(json.dumps(cold).encode('ascii'), b'', b'')
                continue
            write_frames(json.dumps({'id': req['id'], 'started': True}).encode('ascii'))
            code = payload_code(entry, req['hash'], params)
            status, out, err, gone = run(code, entry[0] + params + entry[1], req.get('env') or {})
            if gone:
                return
            status['id'] = req['id']
            write_frames(json.dumps(status).encode('ascii'), out, err)
    finally:
        shutil.rmtree(private, True)

try:
    _runner()
except (SystemExit, KeyboardInterrupt, BrokenPipeError):
    pass
os._exit(0)
`;
