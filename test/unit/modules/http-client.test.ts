import { describe, expect, it } from 'vitest';
import { dispositionFilename, urlFilename } from '../../../src/modules/get_url.js';
import { absoluteLocation, contentType, formUrlencoded, responseFilename } from '../../../src/modules/uri.js';
import {
  basicAuth,
  curlConfig,
  HTTP_MARK,
  headerBlocks,
  httpDate,
  parseHttp,
  requestHeaders,
  splitCredentials,
} from '../../../src/modules/util/http-client.js';

const out = (client: string, rc: number, effective: string, stderr: string, headers: string) =>
  `${HTTP_MARK}\n${client} ${rc}\n${effective}\n${stderr}\n${headers}`;

describe('http-client: responses as fetch_url reads them', () => {
  it('takes the last block of a redirected curl dump, joining duplicate headers on success', () => {
    const dump =
      'HTTP/1.1 302 Found\r\nLocation: /b\r\nSet-Cookie: a=1; Path=/\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-Dup: one\r\nX-Dup: two\r\nSet-Cookie: b=2\r\n\r\n';
    const r = parseHttp(out('curl', 0, 'http://h/b', '', dump), 'http://h/a', true);
    expect(r).toEqual({
      status: 200,
      msg: 'OK (5 bytes)',
      url: 'http://h/b',
      headers: {
        'content-type': 'text/plain',
        'content-length': '5',
        'x-dup': 'one, two',
        'set-cookie': 'b=2',
      },
      cookies: [
        ['a', '1'],
        ['b', '2'],
      ],
      error: false,
    });
  });

  it('an error status is urllib HTTPError: its reason, the url as requested, the last duplicate', () => {
    const dump = 'HTTP/1.1 404 Not Found\r\nX-Dup: one\r\nX-Dup: two\r\n\r\n';
    const r = parseHttp(out('curl', 0, 'http://h/x/', '', dump), 'http://h/x', false);
    expect(r.status).toBe(404);
    expect(r.msg).toBe('HTTP Error 404: Not Found');
    expect(r.url).toBe('http://h/x');
    expect(r.headers['x-dup']).toBe('two');
    expect(r.error).toBe(true);
  });

  it('no Content-Length reads "unknown"; an unredirected url stays as requested', () => {
    const r = parseHttp(out('curl', 0, 'http://h:1/', '', 'HTTP/1.1 200 OK\r\n\r\n'), 'http://h:1', true);
    expect(r.msg).toBe('OK (unknown bytes)');
    expect(r.url).toBe('http://h:1');
  });

  it('no response at all is status -1 with urllib wording', () => {
    const r = parseHttp(out('curl', 7, '', 'curl: (7) Failed to connect', ''), 'http://h/', true);
    expect(r.status).toBe(-1);
    expect(r.msg).toBe('Request failed: <urlopen error [Errno 111] Connection refused>');
  });

  it('a wget that could not connect says so among its -nv lines', () => {
    const text = 'failed: Connection refused.\n';
    expect(parseHttp(out('wget', 4, '', '', text), 'http://h/', true).msg).toBe(
      'Request failed: <urlopen error [Errno 111] Connection refused>',
    );
  });

  it('reads wget -S output and follows its Location headers', () => {
    const text =
      '  HTTP/1.1 301 Moved Permanently\n  Location: /next\n  HTTP/1.1 200 OK\n  Content-Length: 3\n  Content-Type: text/plain\n';
    expect(headerBlocks(text, 'wget').map((b) => b.code)).toEqual([301, 200]);
    const r = parseHttp(out('wget', 0, '', '', text), 'http://h/dir/start', true);
    expect(r.url).toBe('http://h/next');
    expect(r.msg).toBe('OK (3 bytes)');
  });
});

describe('http-client: requests as open_url builds them', () => {
  it('user headers override, force_basic_auth sends the header, else a challenge answers', () => {
    expect(
      requestHeaders({
        user: 'u',
        password: 'p',
        forceBasicAuth: true,
        force: true,
        headers: { 'cache-control': 'max-age=0' },
      }),
    ).toEqual({
      headers: [
        ['Authorization', basicAuth('u', 'p')],
        ['cache-control', 'max-age=0'],
      ],
    });
    expect(
      requestHeaders({ user: 'u', password: null, forceBasicAuth: false, force: false }).challengeAuth,
    ).toEqual({
      user: 'u',
      password: '',
    });
  });

  it('credentials in the url, the If-Modified-Since date, the curl config quoting', () => {
    expect(splitCredentials('http://a:b:c@h/x')).toEqual({ url: 'http://h/x', user: 'a', password: 'b:c' });
    expect(httpDate(0)).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    const config = curlConfig({
      url: 'http://h/',
      method: 'PUT',
      headers: [['X', 'say "hi"\\']],
      body: 'a\nb',
      timeout: 3,
      follow: false,
      outFile: '"$t"',
      agent: 'ansible-httpget',
    });
    expect(config).toContain('header = "X: say \\"hi\\"\\\\"');
    expect(config).toContain('data-raw = "a\\nb"');
    expect(config).toContain('request = "PUT"');
  });
});

describe('get_url and uri helpers', () => {
  it('file names from the url and Content-Disposition', () => {
    expect(urlFilename('http://h/a/b.tar.gz?x=1')).toBe('b.tar.gz');
    expect(urlFilename('http://h/')).toBe('index.html');
    expect(dispositionFilename({ 'content-disposition': 'attachment; filename="../x/r.csv"' })).toBe('r.csv');
    expect(dispositionFilename({ 'content-disposition': 'inline; filename="r.csv"' })).toBeUndefined();
    expect(responseFilename('http://h/a/b%20c/', {})).toBe('b c');
    expect(responseFilename('http://h/', { 'content-disposition': 'inline; filename="q.txt"' })).toBe(
      'q.txt',
    );
  });

  it('form_urlencoded, content types and absolute locations', () => {
    expect(formUrlencoded({ a: 'x y&z', b: [1, 2], c: true, d: null })).toBe('a=x+y%26z&b=1&b=2&c=True');
    expect(contentType('Application/JSON; charset="latin-1"')).toEqual({
      type: 'application/json',
      sub: 'json',
      charset: 'latin-1',
    });
    expect(contentType(undefined).type).toBe('text/plain');
    expect(absoluteLocation('http://h:1/a/b', '/c')).toBe('http://h:1/c');
    expect(absoluteLocation('http://h:1/a/b', 'c')).toBe('http://h:1/a/c');
  });
});

describe('no_log values in results', () => {
  it('takes the password out of every string, as remove_values does', async () => {
    const { noLogValues, removeValues } = await import('../../../src/modules/util/no-log-values.js');
    const secrets = noLogValues('get_url', { url: 'http://h/', url_password: 'pw' });
    expect(secrets).toEqual(['pw']);
    expect(removeValues({ a: 'x-pw-y', b: ['pw'], c: 3, pw: true }, secrets)).toEqual({
      a: 'x-********-y',
      b: ['VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'],
      c: 3,
      pw: true,
    });
    // a number or boolean whose str() holds a secret goes whole
    expect(removeValues({ n: 1234, t: true }, ['23', 'ru'])).toEqual({
      n: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER',
      t: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER',
    });
    expect(removeValues({ a: 'pw' }, noLogValues('get_url', { url_password: null }))).toEqual({ a: 'pw' });
  });
});

describe('secrets stay off command lines', () => {
  it("puts wget's credentials and body in files made from stdin, never in the script's words", async () => {
    const { httpScript, curlConfig } = await import('../../../src/modules/util/http-client.js');
    const req = {
      url: 'http://127.0.0.1:1/x',
      method: 'POST',
      body: 'the-body s3cret',
      outFile: '/tmp/out',
      timeout: 10,
      follow: false,
      agent: 'ansible-httpget',
      headers: [],
      challengeAuth: { user: 'bob', password: 's3cret pw' },
    } as Parameters<typeof httpScript>[0];
    const script = httpScript(req);
    expect(script).not.toContain('s3cret');
    expect(script).toContain('--config="$_wf"');
    expect(script).toContain('--body-file="$_wb"');
    const stdin = curlConfig(req);
    expect(stdin).toContain('#W password = s3cret pw');
    expect(stdin).toContain(`#B ${Buffer.from('the-body s3cret').toString('base64')}`);
  });
});
