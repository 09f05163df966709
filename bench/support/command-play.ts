/**
 * The headline 5-task command play (command, shell, a file written, register, debug),
 * shared by bench/run-vs-ansible.ts and bench/persistent-channel.ts. `written` is the
 * path prefix of the file each host writes (`<written>-<host>.txt`).
 */
export function commandPlay(written: string): string {
  return `- hosts: fleet
  gather_facts: false
  tasks:
    - name: command
      command: uname -n
    - name: shell
      shell: echo hello | tr a-z A-Z
    - name: write a file
      shell: echo written by {{ inventory_hostname }} > ${written}-{{ inventory_hostname }}.txt
    - name: register
      command: whoami
      register: who
    - name: debug
      debug:
        msg: "{{ inventory_hostname }} is {{ who.stdout }}"
`;
}
