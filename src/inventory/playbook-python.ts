/**
 * sys.executable of Ansible's Python: the magic `ansible_playbook_python`, and the implicit
 * localhost's `ansible_python_interpreter`. flotilla runs no Python of its own; this is the
 * controller's system Python 3, the interpreter Debian's ansible-core runs with.
 */
export const PLAYBOOK_PYTHON = '/usr/bin/python3';
