/**
 * Counts what a loopback fleet's sshd logged per host, at LogLevel VERBOSE (tools/fleet
 * `logLevel`): logins ("Accepted publickey for U from C port P") and sessions ("Starting
 * session: command|shell|subsystem for U from C port P id N", one per channel that runs
 * something: every command, shell or sftp subsystem). On loopback every client address is
 * 127.0.0.1, so the host is the address the client connected to, from the connection's
 * first line ("Connection from C port P on ADDR port Q"), matched by client address and port.
 */
export interface HostSessions {
  connections: number;
  sessions: number;
}

const CONNECTION = /Connection from (\S+) port (\d+) on (\S+) port \d+/;
const ACCEPTED = /Accepted \S+ for \S+ from (\S+) port (\d+)/;
const STARTING = /Starting session: .* for \S+ from (\S+) port (\d+) id \d+/;

export function sessionsByAddress(log: string): Map<string, HostSessions> {
  const hostOf = new Map<string, string>();
  const out = new Map<string, HostSessions>();
  const entry = (client: string, port: string) => {
    const host = hostOf.get(`${client} ${port}`) ?? client;
    let e = out.get(host);
    if (!e) {
      e = { connections: 0, sessions: 0 };
      out.set(host, e);
    }
    return e;
  };
  for (const line of log.split('\n')) {
    let m = STARTING.exec(line);
    if (m) {
      entry(m[1] as string, m[2] as string).sessions++;
      continue;
    }
    m = ACCEPTED.exec(line);
    if (m) {
      entry(m[1] as string, m[2] as string).connections++;
      continue;
    }
    m = CONNECTION.exec(line);
    if (m) hostOf.set(`${m[1]} ${m[2]}`, m[3] as string);
  }
  return out;
}
