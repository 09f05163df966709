/**
 * The command module's expansion of its arguments, as Ansible 2.14's run_command does it
 * on the host (expand_user_and_vars): os.path.expanduser(os.path.expandvars(arg)) on each
 * argument, with the module's environment (the task's `environment:` included).
 *
 * The scan for `$name` / `${name}` is Python's (posixpath._varprog, one pass, a value is
 * never rescanned, an unset name stays as written) and is done here; the values are read
 * on the host, from the exported environment only (os.environ), with printenv. `~` and
 * `~user` are then expanded from $HOME or the passwd database (getent), as expanduser does.
 * Nothing from the environment is ever put on the command line: the shell reads it.
 */
import { quote } from '../../connection/shell-quote.js';

/** posixpath._varprog for str: `$` then \w+ (ASCII) or {anything but }}. */
const VAR = /\$(\w+|\{[^}]*\})/g;

/** A name the shell can hold; Python looks up any name, but no other can be exported. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether an argument changes under expansion on some host. */
export function needsExpansion(arg: string): boolean {
  return arg.startsWith('~') || /\$(\w|\{[^}]*\})/.test(arg);
}

/**
 * Shell text that sets `"$@"` to the arguments, each expanded as run_command does. It
 * uses the scratch variables __flt_w (word), __flt_v (a value), __flt_h (a home).
 */
export function expandedArgvScript(args: string[]): string {
  const parts = ['set --'];
  let tilde = false;
  for (const arg of args) {
    if (!needsExpansion(arg)) {
      parts.push(`set -- "$@" ${quote(arg)}`);
      continue;
    }
    parts.push(`${expandWordScript(arg, '__flt_w')}`);
    if (mayStartWithTilde(arg)) {
      tilde = true;
      parts.push('__flt_tilde');
    }
    parts.push('set -- "$@" "$__flt_w"');
  }
  return `${tilde ? TILDE_FUNCTION : ''}${parts.join('; ')}; unset __flt_w __flt_v __flt_h; `;
}

/**
 * Shell text that sets `target` to one argument expanded as a module's `type='path'`
 * option is (the same expanduser(expandvars())).
 */
export function expandedPathScript(arg: string, target: string): string {
  const tilde = mayStartWithTilde(arg);
  return `${tilde ? TILDE_FUNCTION : ''}${expandWordScript(arg, '__flt_w')}; ${tilde ? '__flt_tilde; ' : ''}${target}=$__flt_w; `;
}

/** expanduser looks at the result of expandvars: a value may bring the `~`. */
function mayStartWithTilde(arg: string): boolean {
  return arg.startsWith('~') || /^\$(\w|\{[^}]*\})/.test(arg);
}

/** expandvars on one word, into the shell variable `target`. */
function expandWordScript(arg: string, target: string): string {
  const steps = [`${target}=`];
  let last = 0;
  for (const m of arg.matchAll(VAR)) {
    const at = m.index ?? 0;
    if (at > last) steps.push(`${target}="$${target}"${quote(arg.slice(last, at))}`);
    const name = m[1].startsWith('{') && m[1].endsWith('}') ? m[1].slice(1, -1) : m[1];
    const written = quote(m[0]);
    if (SHELL_NAME.test(name)) {
      // printenv prints the value and a newline; the '.' keeps trailing newlines of the value.
      steps.push(
        `if __flt_v=$(printenv ${name} && echo .); then ${target}="$${target}\${__flt_v%??}"; ` +
          `else ${target}="$${target}"${written}; fi`,
      );
    } else steps.push(`${target}="$${target}"${written}`);
    last = at + m[0].length;
  }
  if (last < arg.length) steps.push(`${target}="$${target}"${quote(arg.slice(last))}`);
  return steps.join('; ');
}

/**
 * posixpath.expanduser on $__flt_w: `~` is $HOME (exported) or the user's passwd entry,
 * `~name` that user's home (unchanged when there is none); trailing slashes of the home are
 * dropped, and an empty result is `/`.
 */
const TILDE_FUNCTION = `__flt_tilde() {
  case $__flt_w in "~"*) ;; *) return 0 ;; esac
  __flt_v=\${__flt_w#?}; __flt_n=\${__flt_v%%/*}; __flt_v=\${__flt_v#"$__flt_n"}
  if [ -z "$__flt_n" ]; then
    if __flt_h=$(printenv HOME && echo .); then __flt_h=\${__flt_h%??}
    else __flt_h=$(getent passwd "$(id -u)" 2>/dev/null) || return 0; __flt_h=$(printf '%s\\n' "$__flt_h" | cut -d: -f6); fi
  else
    __flt_h=$(getent passwd "$__flt_n" 2>/dev/null) || return 0
    case $__flt_h in "$__flt_n":*) ;; *) return 0 ;; esac
    __flt_h=$(printf '%s\\n' "$__flt_h" | cut -d: -f6)
  fi
  while :; do case $__flt_h in */) __flt_h=\${__flt_h%/} ;; *) break ;; esac; done
  __flt_w=$__flt_h$__flt_v; [ -n "$__flt_w" ] || __flt_w=/
  unset __flt_n
}
`;
