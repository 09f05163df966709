/**
 * An action plugin's AnsibleActionFail, as Ansible reports it: the message, and an
 * `exception` that is the formatted traceback of no exception (`NoneType: None`), which the
 * callback prints as "An exception occurred during task execution".
 */
export function actionFail(msg: string): { msg: string; exception: string } {
  return { msg, exception: 'NoneType: None\n' };
}
