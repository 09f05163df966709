/**
 * A throwaway LSB init script for tests and benches of the service modules: its
 * start/stop/status/restart/reload only touch a flag file (no daemon).
 */
import path from 'node:path';

/** An LSB init script that keeps its state in `<state>/<name>.running`; `fail` as $2 fails. */
export function initScript(name: string, state: string): string {
  const flag = path.join(state, `${name}.running`);
  return `#!/bin/sh
### BEGIN INIT INFO
# Provides:          ${name}
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: flotilla test service (a flag file, no daemon)
### END INIT INFO
F='${flag}'
mkdir -p '${state}'
if [ "$2" = fail ]; then echo "cannot $1 ${name}" >&2; exit 1; fi
case "$1" in
  start) touch "$F"; echo "Starting ${name}";;
  stop) rm -f "$F"; echo "Stopping ${name}";;
  status) if [ -e "$F" ]; then echo "${name} is running"; exit 0; fi; echo "${name} is not running"; exit 3;;
  restart) rm -f "$F"; touch "$F"; echo "Restarting ${name}";;
  reload) [ -e "$F" ] || exit 7; echo "Reloading ${name}" >&2;;
  *) echo "Usage: $0 {start|stop|status|restart|reload}"; exit 2;;
esac
exit 0
`;
}
