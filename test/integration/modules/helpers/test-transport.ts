/**
 * A minimal test-only Transport on ssh2, used until src/connection/ssh-transport.ts lands:
 * one client, exec with stdin and timeout, sftp put/get.
 */
import { readFileSync } from 'node:fs';
import { Client, type SFTPWrapper } from 'ssh2';
import { withEnv } from '../../../../src/connection/shell-quote.js';
import type { ExecOptions, ExecResult, Transport } from '../../../../src/connection/transport.js';

export interface TestTransportParams {
  address: string;
  port: number;
  user: string;
  privateKeyFile: string;
}

export class TestTransport implements Transport {
  readonly key: string;
  private client = new Client();
  private sftpPromise?: Promise<SFTPWrapper>;
  private closed = false;

  constructor(private readonly params: TestTransportParams) {
    this.key = `${params.user}@${params.address}:${params.port}`;
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.once('ready', () => resolve());
      this.client.once('error', reject);
      this.client.connect({
        host: this.params.address,
        port: this.params.port,
        username: this.params.user,
        privateKey: readFileSync(this.params.privateKeyFile),
        readyTimeout: 10_000,
      });
    });
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(withEnv(command, options.env), (err, stream) => {
        if (err) return reject(err);
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let timer: NodeJS.Timeout | undefined;
        let timedOut = false;
        if (options.timeoutMs) {
          timer = setTimeout(() => {
            timedOut = true;
            stream.close();
          }, options.timeoutMs);
        }
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => errOut.push(d));
        stream.on('close', (code: number | null, signal?: string) => {
          if (timer) clearTimeout(timer);
          resolve({
            rc: code ?? -1,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
            signal: timedOut ? 'timeout' : signal,
          });
        });
        if (options.stdin !== undefined) stream.end(options.stdin);
        else stream.end();
      });
    });
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpPromise ??= new Promise((resolve, reject) => {
      this.client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp)));
    });
    return this.sftpPromise;
  }

  async put(content: string | Buffer, remotePath: string, mode = 0o644): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => {
      sftp.writeFile(remotePath, content, { mode }, (err) => (err ? reject(err) : resolve()));
    });
  }

  async get(remotePath: string): Promise<Buffer> {
    const sftp = await this.sftp();
    return new Promise((resolve, reject) => {
      sftp.readFile(remotePath, (err, data) => (err ? reject(err) : resolve(data)));
    });
  }

  async isAlive(): Promise<boolean> {
    try {
      return (await this.exec('true')).rc === 0;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => {
      this.client.once('close', () => resolve());
      this.client.end();
    });
  }
}
