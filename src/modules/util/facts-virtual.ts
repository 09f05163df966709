/**
 * virtualization_type / _role / _tech_guest / _tech_host as Ansible 2.14's LinuxVirtual
 * (virtual/linux.py) decides them, from the virt section's probe lines, the DMI values and
 * the cpuinfo lines of the facts script.
 */

/** Lines of the virt section: `cg <cgroup line>`, `env <var>`, `has <path>`, `xen …`, `sdc …`, `vx …`, `mod <name>`, `vdsm`, `dmidecode …`, `lscpu …`. */
export function virtualFacts(
  virt: string[],
  dmi: Record<string, string>,
  cpuinfo: string[],
): Record<string, unknown> {
  const tagged = (tag: string) =>
    virt.filter((l) => l.startsWith(`${tag} `) || l === tag).map((l) => l.slice(tag.length + 1));
  const has = new Set(tagged('has'));
  const guest = new Set<string>();
  const host = new Set<string>();
  let type: string | undefined;
  let role: string | undefined;
  let found = false;
  /** Records a finding: the tech always, type/role only for the first one found. */
  const see = (set: Set<string>, tech: string, t?: string, r?: string) => {
    set.add(tech);
    if (!found) {
      if (t !== undefined) type = t;
      if (r !== undefined) role = r;
      found = true;
    }
  };

  for (const line of tagged('cg')) {
    if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(line)) see(guest, 'docker', 'docker', 'guest');
    if (/\/lxc\//.test(line) || /\/machine.slice\/machine-lxc/.test(line)) see(guest, 'lxc', 'lxc', 'guest');
    if (/\/system.slice\/containerd.service/.test(line)) see(guest, 'containerd', 'containerd', 'guest');
  }
  for (const line of tagged('env')) {
    if (line.includes('container=lxc')) see(guest, 'lxc', 'lxc', 'guest');
    if (line.includes('container=podman')) see(guest, 'podman', 'podman', 'guest');
    if (/^container=./.test(line)) see(guest, 'container', 'container', 'guest');
  }
  if (has.has('/proc/vz') && !has.has('/proc/lve')) {
    type = 'openvz';
    if (has.has('/proc/bc')) {
      host.add('openvz');
      if (!found) role = 'host';
    } else {
      guest.add('openvz');
      if (!found) role = 'guest';
    }
    found = true;
  }
  const systemdContainer = tagged('sdc')[0]?.trim();
  if (systemdContainer) see(guest, systemdContainer, systemdContainer, 'guest');
  if (has.has('/.dockerenv') || has.has('/.dockerinit')) see(guest, 'docker', 'docker', 'guest');
  if (['docker', 'lxc', 'podman', 'openvz', 'containerd'].some((t) => guest.has(t)) || systemdContainer)
    guest.add('container');
  if (has.has('/proc/xen')) {
    if (tagged('xen').some((l) => l.includes('control_d'))) see(host, 'xen', 'xen', 'host');
    else if (!found) {
      type = 'xen';
      role = 'guest';
      found = true;
    }
  }

  // DMI: guest technologies that leave the role alone (assumed 'guest' until the end)
  const assumedGuest = !found;
  const product = dmi.product_name;
  const vendor = dmi.sys_vendor;
  const bios = dmi.bios_vendor;
  const dmiGuest = (tech: string, when: boolean) => {
    if (!when) return;
    guest.add(tech);
    if (!found) {
      type = tech;
      found = true;
    }
  };
  dmiGuest('kvm', ['KVM', 'KVM Server', 'Bochs', 'AHV'].includes(product));
  dmiGuest('oVirt', vendor === 'oVirt');
  dmiGuest('RHV', vendor === 'Red Hat' && dmi.product_family === 'RHV');
  dmiGuest('RHEV', vendor === 'Red Hat' && dmi.product_family !== 'RHV' && product === 'RHEV Hypervisor');
  dmiGuest('VMware', ['VMware Virtual Platform', 'VMware7,1'].includes(product));
  dmiGuest('openstack', ['OpenStack Compute', 'OpenStack Nova'].includes(product));
  dmiGuest('xen', bios === 'Xen');
  dmiGuest('virtualbox', bios === 'innotek GmbH');
  dmiGuest('kvm', ['Amazon EC2', 'DigitalOcean', 'Hetzner'].includes(bios));
  dmiGuest('kvm', ['QEMU', 'Amazon EC2', 'DigitalOcean', 'Google', 'Scaleway', 'Nutanix'].includes(vendor));
  dmiGuest('KubeVirt', vendor === 'KubeVirt');
  dmiGuest('VirtualPC', vendor === 'Microsoft Corporation');
  dmiGuest('parallels', vendor === 'Parallels Software International Inc.');
  dmiGuest('openstack', vendor === 'OpenStack Foundation');
  if (assumedGuest && found) role = 'guest';

  for (const line of tagged('vx')) {
    if (!/^VxID:\s+\d+/.test(line)) continue;
    const isHost = /^VxID:\s+0/.test(line);
    if (!found) {
      type = 'linux_vserver';
      role = isHost ? 'host' : 'guest';
    }
    (isHost ? host : guest).add('linux_vserver');
    found = true;
  }

  for (const line of cpuinfo) {
    let tech: string | undefined;
    if (/^model name.*QEMU Virtual CPU/.test(line)) tech = 'kvm';
    else if (/^vendor_id.*User Mode Linux/.test(line) || /^model name.*UML/.test(line)) tech = 'uml';
    else if (/^machine.*CHRP IBM pSeries .emulated by qemu./.test(line)) tech = 'kvm';
    else if (/^vendor_id.*PowerVM Lx86/.test(line)) tech = 'powervm_lx86';
    else if (/^vendor_id.*IBM\/S390/.test(line)) {
      guest.add('PR/SM');
      if (!found) type = 'PR/SM';
      const hv = tagged('lscpu').map((l) => l.trim());
      tech = hv.length ? hv[0] : 'ibm_systemz';
    } else continue;
    guest.add(tech);
    if (!found) {
      type = tech;
      role = type === 'PR/SM' ? 'LPAR' : 'guest';
      found = true;
    }
  }

  const modules = new Set(tagged('mod').map((m) => m.trim()));
  if (modules.has('kvm')) {
    host.add('kvm');
    if (!found) {
      type = 'kvm';
      role = 'host';
    }
    if (has.has('/rhev') && virt.includes('vdsm')) {
      host.add('RHEV');
      if (!found) type = 'RHEV';
    }
    found = true;
  }
  if (modules.has('vboxdrv')) see(host, 'virtualbox', 'virtualbox', 'host');
  if (modules.has('virtio')) see(host, 'kvm', 'kvm', 'guest');

  const dmidecode = tagged('dmidecode')[0];
  if (dmidecode !== undefined) {
    if (dmidecode.trim().startsWith('VMware')) see(guest, 'VMware', 'VMware', 'guest');
    if (dmidecode.includes('BHYVE')) see(guest, 'bhyve', 'bhyve', 'guest');
  }
  if (has.has('/dev/kvm')) see(host, 'kvm', 'kvm', 'host');
  if (!found) {
    type = 'NA';
    role = 'NA';
  }
  const out: Record<string, unknown> = {
    ansible_virtualization_tech_guest: [...guest],
    ansible_virtualization_tech_host: [...host],
  };
  if (type !== undefined) out.ansible_virtualization_type = type;
  if (role !== undefined) out.ansible_virtualization_role = role;
  return out;
}
