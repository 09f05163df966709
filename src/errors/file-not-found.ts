/** AnsibleFileNotFound's text, as the controller-side actions report a file: the paths searched for a relative name, none for an absolute one. */
export function controllerNotFoundText(file: string | undefined, searched: readonly string[]): string {
  let message = file === undefined ? 'Could not find file' : `Could not find or access '${file}'`;
  if (searched.length > 0) message += `\nSearched in:\n\t${searched.join('\n\t')}`;
  return `${message} on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`;
}
