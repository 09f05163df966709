/**
 * What Ansible 2.14 prints after "Supported parameters include: " for each module, and the
 * module name it prints: copied from its own answers to an unknown parameter. Its specs
 * carry internal and SELinux/attribute parameters flotilla does not take, so these lists
 * are kept as text rather than derived from our specs. The modules behind an action
 * plugin are named as the plugin calls them (template and copy run ansible.legacy.copy).
 */
const COPY =
  '_original_basename, attributes, backup, checksum, content, dest, directory_mode, follow, force, group, local_follow, mode, owner, remote_src, selevel, serole, setype, seuser, src, unsafe_writes, validate (attr)';
const COMMAND =
  '_raw_params, _uses_shell, argv, chdir, creates, executable, removes, stdin, stdin_add_newline, strip_empty_ends';
const APT =
  'allow_change_held_packages, allow_downgrade, allow_unauthenticated, autoclean, autoremove, cache_valid_time, clean, deb, default_release, dpkg_options, fail_on_autoremove, force, force_apt_get, install_recommends, lock_timeout, only_upgrade, package, policy_rc_d, purge, state, update_cache, update_cache_retries, update_cache_retry_max_delay, upgrade (allow-downgrade, allow-downgrades, allow-unauthenticated, allow_downgrades, default-release, install-recommends, name, pkg, update-cache)';

export const ANSIBLE_PARAMS: Readonly<Record<string, { name?: string; supported: string }>> = {
  command: { name: 'ansible.legacy.command', supported: COMMAND },
  shell: { name: 'ansible.legacy.command', supported: COMMAND },
  copy: { name: 'ansible.legacy.copy', supported: COPY },
  template: { name: 'ansible.legacy.copy', supported: COPY },
  apt: { supported: APT },
  package: { name: 'ansible.legacy.apt', supported: APT },
  get_url: {
    supported:
      'attributes, backup, checksum, ciphers, client_cert, client_key, decompress, dest, force, force_basic_auth, group, headers, http_agent, mode, owner, selevel, serole, setype, seuser, timeout, tmp_dest, unredirected_headers, unsafe_writes, url, url_password, url_username, use_gssapi, use_netrc, use_proxy, validate_certs (attr, password, username)',
  },
  uri: {
    name: 'ansible.legacy.uri',
    supported:
      'attributes, body, body_format, ca_path, ciphers, client_cert, client_key, creates, decompress, dest, follow_redirects, force, force_basic_auth, group, headers, http_agent, method, mode, owner, remote_src, removes, return_content, selevel, serole, setype, seuser, src, status_code, timeout, unix_socket, unredirected_headers, unsafe_writes, url, url_password, url_username, use_gssapi, use_netrc, use_proxy, validate_certs (attr, password, user)',
  },
  unarchive: {
    name: 'ansible.legacy.unarchive',
    supported:
      'attributes, copy, creates, decrypt, dest, exclude, extra_opts, group, include, io_buffer_size, keep_newer, list_files, mode, owner, remote_src, selevel, serole, setype, seuser, src, unsafe_writes, validate_certs (attr)',
  },
  ping: { supported: 'data' },
  pause: { supported: 'echo, minutes, prompt, seconds' },
  wait_for: {
    supported:
      'active_connection_states, connect_timeout, delay, exclude_hosts, host, msg, path, port, search_regex, sleep, state, timeout',
  },
  setup: { supported: 'fact_path, filter, gather_subset, gather_timeout' },
  file: {
    supported:
      '_diff_peek, _original_basename, access_time, access_time_format, attributes, follow, force, group, mode, modification_time, modification_time_format, owner, path, recurse, selevel, serole, setype, seuser, src, state, unsafe_writes (attr, dest, name)',
  },
  lineinfile: {
    supported:
      'attributes, backrefs, backup, create, firstmatch, group, insertafter, insertbefore, line, mode, owner, path, regexp, search_string, selevel, serole, setype, seuser, state, unsafe_writes, validate (attr, dest, destfile, name, regex, value)',
  },
  blockinfile: {
    supported:
      'attributes, backup, block, create, group, insertafter, insertbefore, marker, marker_begin, marker_end, mode, owner, path, selevel, serole, setype, seuser, state, unsafe_writes, validate (attr, content, dest, destfile, name)',
  },
  replace: {
    supported:
      'after, attributes, backup, before, encoding, group, mode, owner, path, regexp, replace, selevel, serole, setype, seuser, unsafe_writes, validate (attr, dest, destfile, name)',
  },
  stat: {
    supported:
      'checksum_algorithm, follow, get_attributes, get_checksum, get_md5, get_mime, path (attr, attributes, checksum, checksum_algo, dest, mime, mime-type, mime_type, name)',
  },
  slurp: { supported: 'src (path)' },
  find: {
    supported:
      'age, age_stamp, contains, depth, excludes, file_type, follow, get_checksum, hidden, paths, patterns, read_whole_file, recurse, size, use_regex (exclude, name, path, pattern)',
  },
  user: {
    supported:
      'append, authorization, comment, create_home, expires, force, generate_ssh_key, group, groups, hidden, home, local, login_class, move_home, name, non_unique, password, password_expire_max, password_expire_min, password_lock, profile, remove, role, seuser, shell, skeleton, ssh_key_bits, ssh_key_comment, ssh_key_file, ssh_key_passphrase, ssh_key_type, state, system, uid, umask, update_password (createhome, user)',
  },
  group: { supported: 'gid, local, name, non_unique, state, system' },
  ini_file: {
    supported:
      'allow_no_value, attributes, backup, create, exclusive, group, mode, no_extra_spaces, option, owner, path, section, selevel, serole, setype, seuser, state, unsafe_writes, value, values (attr, dest)',
  },
  debconf: {
    supported: 'name, question, unseen, value, vtype (answer, pkg, selection, setting)',
  },
};
