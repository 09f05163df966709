/**
 * Python's str() of an OSError from the strerror text (LC_ALL=C) a shell command printed.
 */
import { pyRepr } from '../../python/repr.js';

/** strerror texts (LC_ALL=C) and Python's errno numbers for the module's OSError messages. */
const ERRNO: Readonly<Record<string, number>> = {
  'Operation not permitted': 1,
  'No such file or directory': 2,
  'Permission denied': 13,
  'Device or resource busy': 16,
  'Not a directory': 20,
  'Is a directory': 21,
  'Read-only file system': 30,
  'Directory not empty': 39,
};

/** Python's str() of the OSError a shell error text reports for `path`. */
export function osError(stderr: string, path: string): string {
  const reason = Object.keys(ERRNO).find((r) => stderr.includes(r));
  return reason ? `[Errno ${ERRNO[reason]}] ${reason}: ${pyRepr(path)}` : stderr.trim();
}
