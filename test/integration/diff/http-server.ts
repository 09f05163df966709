/**
 * A loopback HTTP server for the get_url / uri differential cases: fixed files, a JSON
 * endpoint, an echo of the request, redirects, a 404, a Basic-auth path, Content-Disposition,
 * a chunked body and If-Modified-Since. The fleet's hosts are loopback addresses of this
 * machine, so the modules' clients (curl/wget on the host, Ansible's urllib) reach it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const LAST_MODIFIED = 'Mon, 01 Jan 2024 00:00:00 GMT';
export const FILES: Record<string, string> = {
  'hello.txt': 'hello world\n',
  'other.txt': 'another file\nwith two lines\n',
};

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  const file = /^\/files\/([\w.]+)$/.exec(p)?.[1];
  if (file !== undefined && FILES[file] !== undefined) {
    const ims = req.headers['if-modified-since'];
    if (ims && Date.parse(ims) >= Date.parse(LAST_MODIFIED)) {
      res.writeHead(304, { 'Last-Modified': LAST_MODIFIED });
      res.end();
      return;
    }
    send(res, 200, FILES[file], { 'Content-Type': 'text/plain', 'Last-Modified': LAST_MODIFIED });
    return;
  }
  switch (p) {
    case '/dl/report':
      send(res, 200, 'a,b\n1,2\n', {
        'Content-Type': 'text/csv',
        'Content-Disposition': 'attachment; filename="report.csv"',
      });
      return;
    case '/json':
      send(res, 200, JSON.stringify({ name: 'flotilla', list: [1, 2, 3], nested: { ok: true } }), {
        'Content-Type': 'application/json; charset=utf-8',
        'X-Custom-Header': 'yes',
      });
      return;
    case '/echo': {
      const headers = Object.fromEntries(Object.entries(req.headers).sort(([a], [b]) => a.localeCompare(b)));
      const status = Number(url.searchParams.get('status') ?? 200);
      send(res, status, JSON.stringify({ method: req.method, path: req.url, headers, body }), {
        'Content-Type': 'application/json',
      });
      return;
    }
    case '/redirect':
      send(res, 302, '', { Location: '/files/hello.txt' });
      return;
    case '/redirect-abs':
      send(res, 301, 'moved', { Location: `http://${req.headers.host}/json` });
      return;
    case '/redirect-post':
      send(res, 303, '', { Location: '/echo' });
      return;
    case '/auth/secret.txt': {
      const want = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
      if (req.headers.authorization !== want)
        send(res, 401, 'who are you?\n', { 'WWW-Authenticate': 'Basic realm="flotilla"' });
      else send(res, 200, 'the secret\n', { 'Content-Type': 'text/plain' });
      return;
    }
    case '/chunked':
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Set-Cookie': 'session=abc123; Path=/' });
      res.write('part one\n');
      res.end('part two\n');
      return;
    case '/slow':
      // answers after 3 s: past a 1 s timeout
      setTimeout(() => send(res, 200, 'late\n'), 3000).unref();
      return;
    case '/text':
      send(res, 200, 'plain text body\n', { 'Content-Type': 'text/plain; charset=utf-8' });
      return;
    default:
      send(res, 404, 'not here\n', { 'Content-Type': 'text/plain' });
      return;
  }
}

/** Starts the server on 127.0.0.1 (a random port); close it when done. */
export async function startHttpServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
