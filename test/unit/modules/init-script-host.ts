/** A stand-in host for the init-script modules' unit tests (service, sysvinit, systemd). */
import type { Transport } from '../../../src/connection/transport.js';
import type { ModuleContext } from '../../../src/modules/types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** One captured command as the probe script reports it (util/init-script.ts `cap`). */
export const cap = (name: string, rc: number, out = '', err = '') =>
  `@cap ${name} ${rc} ${b64(out)} ${b64(err)}`;

/** A host whose scripts answer in turn; `scripts` keeps what each round trip sent on stdin. */
export function host(answers: string[], check = false) {
  const scripts: string[] = [];
  const transport = {
    key: 'fake',
    exec: async (_command: string, options?: { stdin?: unknown }) => {
      scripts.push(String(options?.stdin ?? ''));
      return { rc: 0, stdout: `${answers.shift() ?? ''}\n`, stderr: '' };
    },
  } as unknown as Transport;
  const ctx = { transport, host: 'h', check, diff: false } as unknown as ModuleContext;
  return { ctx, scripts };
}
