/**
 * Python exceptions that Ansible's filters and tests let through, kept apart by kind so the
 * task runner can word them as Ansible does: a ValueError while templating task args reads
 * "the field 'args' has an invalid value (...)", any other exception (ZeroDivisionError,
 * OverflowError, AttributeError, OSError...) "An exception occurred during task execution
 * ... The error was: <Type>: <message>".
 */
import { FlotillaError } from '../../errors/index.js';

export function pyValueError(message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_VALUE', message);
}

/** `type` is Python's qualified exception name as a traceback's last line shows it. */
export function pyException(type: string, message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_EXCEPTION', `${type}: ${message}`);
}
