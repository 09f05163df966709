/**
 * An action plugin's AnsibleActionFail, as Ansible reports it: the message, and an
 * `exception` that is the formatted traceback of no exception (`NoneType: None`), which the
 * callback prints as "An exception occurred during task execution".
 */
export function actionFail(msg: string): { msg: string; exception: string } {
  return { msg, exception: 'NoneType: None\n' };
}

/**
 * ActionBase.run's check of _VALID_ARGS: "Invalid options for <action as written>: a,b",
 * failed before the action's own result; undefined when every argument is valid.
 */
export function invalidOptions(
  written: string,
  args: Record<string, unknown>,
  valid: readonly string[],
): { failed: true; changed: false; msg: string; exception: string } | undefined {
  const bad = Object.keys(args).filter((k) => !valid.includes(k));
  if (bad.length === 0) return undefined;
  return { failed: true, changed: false, ...actionFail(`Invalid options for ${written}: ${bad.join(',')}`) };
}
