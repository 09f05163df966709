/**
 * The realistic play of issue 17 (gather facts, then file, copy, template, lineinfile,
 * command, debug) and its template, shared by bench/realistic.ts and
 * bench/persistent-channel.ts. The play writes under `{{ base }}/<host>`.
 */
export const REALISTIC_TEMPLATE = `# managed by the realistic bench
[host]
name = {{ inventory_hostname }}
address = {{ ansible_host }}
hostname = {{ ansible_hostname }}
fqdn = {{ ansible_fqdn }}

[system]
system = {{ ansible_system }}
kernel = {{ ansible_kernel }}
machine = {{ ansible_machine }}
distribution = {{ ansible_distribution }} {{ ansible_distribution_version }} ({{ ansible_distribution_release }})
family = {{ ansible_os_family }}
vcpus = {{ ansible_processor_vcpus }}
memory_mb = {{ ansible_memtotal_mb }}
python = {{ ansible_python.version.major }}.{{ ansible_python.version.minor }}

[service]
user = {{ ansible_user_id }}
home = {{ ansible_user_dir }}
workers = {{ [ansible_processor_vcpus * 2, 4] | max }}
{% for slot in range(3) %}
slot{{ slot }} = {{ inventory_hostname }}-{{ slot }}
{% endfor %}
# end of {{ inventory_hostname | upper }}
`;

export function realisticPlay(timeout: string): string {
  return `- hosts: fleet
  gather_facts: true
  gather_timeout: ${timeout}
  vars:
    dir: "{{ base }}/{{ inventory_hostname }}"
  tasks:
    - name: directory
      file:
        path: "{{ dir }}"
        state: directory
        mode: "0755"
    - name: copy content
      copy:
        content: "written for {{ inventory_hostname }}\\n"
        dest: "{{ dir }}/motd"
        mode: "0644"
    - name: template
      template:
        src: app.conf.j2
        dest: "{{ dir }}/app.conf"
        mode: "0640"
    - name: lineinfile
      lineinfile:
        path: "{{ dir }}/settings"
        line: "host={{ inventory_hostname }}"
        create: true
        mode: "0600"
    - name: command
      command: wc -l {{ dir }}/app.conf
      register: lines
    - name: debug
      debug:
        msg: "{{ inventory_hostname }}: {{ lines.stdout }}"
`;
}
