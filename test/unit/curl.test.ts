import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { shellQuote, toCurl } from '../../src/format/curl.js';
import type { RequestSummary } from '../../src/format/exchange.js';

const run = promisify(execFile);

/** Runs `script` in bash with `curl` replaced by a function that prints its arguments, NUL-terminated. */
async function curlArgs(line: string): Promise<Buffer[]> {
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${line}`;
  const { stdout } = await run('bash', ['-c', script], { encoding: 'buffer' });
  const args: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < stdout.length; i++) {
    if (stdout[i] === 0) {
      args.push(stdout.subarray(start, i));
      start = i + 1;
    }
  }
  return args;
}

const samples: Array<[string, Uint8Array]> = [
  ['plain text', Buffer.from('hello world')],
  ['single quotes', Buffer.from(`it's 'quoted' ''`)],
  ['double quotes and shell syntax', Buffer.from('"$HOME" `id` $(id) \\ ; | & > < * ? ! #')],
  ['newlines and CR', Buffer.from('line 1\nline 2\r\nline 3\n')],
  ['tabs and control bytes', Buffer.from('a\tb\x01\x1b[31m\x7f')],
  ['unicode', Buffer.from('héllo ✓ 日本 🎉')],
  ['invalid UTF-8', Uint8Array.from([0xc3, 0x28, 0xff, 0xfe, 0x80])],
  ['JSON', Buffer.from(JSON.stringify({ title: "it's", body: 'a\nb', n: 1 }))],
  ['every byte but NUL', Uint8Array.from({ length: 255 }, (_, i) => i + 1)],
];

void describe('shellQuote', () => {
  for (const [name, bytes] of samples) {
    void test(`round-trips through bash: ${name}`, async () => {
      const [arg] = await curlArgs(`curl ${shellQuote(bytes)}`);
      assert.ok(arg, 'bash passed no argument');
      assert.deepEqual([...arg], [...bytes]);
    });
  }

  void test('plain text is single-quoted as it is', () => {
    assert.equal(shellQuote('abc def'), "'abc def'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});

void describe('toCurl', () => {
  void test('GET: the URL and headers, no -X', () => {
    const line = toCurl({ method: 'GET', url: 'http://localhost/notes?a=1&b=2', headers: [['accept', 'application/json']] });
    assert.equal(line, `curl 'http://localhost/notes?a=1&b=2' -H 'accept: application/json'`);
  });

  void test('the request-target as sent: --path-as-is keeps dot segments, --globoff brackets; $TANDEM_TARGET takes the path as written', () => {
    assert.equal(toCurl({ method: 'GET', url: 'http://localhost/static/../secret', headers: [] }), `curl --path-as-is 'http://localhost/static/../secret'`);
    assert.equal(toCurl({ method: 'GET', url: 'http://localhost/a/%2E%2e/b', headers: [] }), `curl --path-as-is 'http://localhost/a/%2E%2e/b'`);
    assert.equal(toCurl({ method: 'GET', url: 'http://localhost/a..b/x?p=../y', headers: [] }), `curl 'http://localhost/a..b/x?p=../y'`, 'no dot segment: nothing to keep');
    assert.equal(toCurl({ method: 'GET', url: 'http://localhost/a[1]?b={2}', headers: [] }), `curl --globoff 'http://localhost/a[1]?b={2}'`);
    assert.equal(toCurl({ method: 'GET', url: 'http://localhost//evil.example/./x', headers: [] }, { base: '"$TANDEM_TARGET"' }), `curl --path-as-is "$TANDEM_TARGET"'//evil.example/./x'`);
    assert.equal(toCurl({ method: 'GET', url: 'http://localhost?x=1', headers: [] }, { base: '"$TANDEM_TARGET"' }), `curl "$TANDEM_TARGET"'/?x=1'`);
  });

  void test('HEAD uses --head, not -X HEAD (which makes curl wait for a body)', () => {
    const line = toCurl({ method: 'HEAD', url: 'http://localhost/x', headers: [] });
    assert.equal(line, `curl --head 'http://localhost/x'`);
    assert.doesNotMatch(line, /-X/);
  });

  void test('other methods use -X', () => {
    assert.equal(toCurl({ method: 'DELETE', url: 'http://localhost/x', headers: [] }), `curl -X DELETE 'http://localhost/x'`);
  });

  void test('headers curl sets by itself are left out', () => {
    const line = toCurl({
      method: 'POST',
      url: 'http://localhost/x',
      headers: [['Host', 'localhost'], ['content-length', '2'], ['connection', 'keep-alive'], ['x-a', 'b']],
      body: Buffer.from('{}'),
    });
    assert.doesNotMatch(line, /Host:|content-length|connection/i);
    assert.match(line, /-H 'x-a: b'/);
  });

  void test('a body with NUL bytes is piped in through printf, as bash cannot pass NUL in an argument', () => {
    const line = toCurl({ method: 'POST', url: 'http://localhost/x', headers: [['content-type', 'application/octet-stream']], body: Uint8Array.from([0x61, 0, 0x62]) });
    assert.equal(line, `printf 'a\\000b' | curl -X POST 'http://localhost/x' -H 'content-type: application/octet-stream' --data-binary @-`);
  });

  void test('a body without a content type gets an empty Content-Type header, so curl adds none', () => {
    const line = toCurl({ method: 'POST', url: 'http://localhost/x', headers: [], body: Buffer.from('abc') });
    assert.equal(line, `curl -X POST 'http://localhost/x' -H 'Content-Type:' --data-binary 'abc'`);
  });

  void test('a large body is referred to a file rather than printed', () => {
    const line = toCurl({ method: 'PUT', url: 'http://localhost/x', headers: [], body: new Uint8Array(70_000) });
    assert.match(line, /--data-binary @body\.bin {2}# body of 70000 bytes not shown/);
  });
});

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Runs generated curl lines for real, against a server that records what arrives. */
void describe('toCurl reproduces the request byte for byte (run with the real curl)', { skip: hasCurl() ? false : 'curl is not installed' }, () => {
  let server: http.Server;
  let origin = '';
  const seen: Seen[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function replay(request: RequestSummary): Promise<Seen> {
    seen.length = 0;
    await run('bash', ['-c', `${toCurl(request)} --silent --output /dev/null`]);
    assert.equal(seen.length, 1, 'the curl line sent exactly one request');
    return seen[0]!;
  }

  const bodies: Array<[string, Uint8Array]> = [
    ...samples,
    ['NUL bytes', Uint8Array.from([0x61, 0x00, 0x62, 0x00, 0x00, 0xff])],
    ['every byte value', Uint8Array.from({ length: 256 }, (_, i) => i)],
    ['a leading @ (curl would read a file)', Buffer.from('@/etc/hostname')],
    ['percent signs and backslashes', Buffer.from('100% \\n %s %d \\x41')],
    ['NUL and a leading dash', Uint8Array.from([0x2d, 0x2d, 0x78, 0x00, 0x25, 0x5c, 0x27])],
  ];

  for (const [name, body] of bodies) {
    void test(`POST body: ${name}`, async () => {
      const got = await replay({
        method: 'POST',
        url: `${origin}/upload?q=a%20b&x=1`,
        headers: [['content-type', 'application/octet-stream'], ['x-note', `it's "quoted"`]],
        body,
      });
      assert.equal(got.method, 'POST');
      assert.equal(got.url, '/upload?q=a%20b&x=1');
      assert.equal(got.headers['content-type'], 'application/octet-stream');
      assert.equal(got.headers['x-note'], `it's "quoted"`);
      assert.deepEqual([...got.body], [...body]);
    });
  }

  void test('a body sent without a content type is replayed without one', async () => {
    const got = await replay({ method: 'POST', url: `${origin}/raw`, headers: [], body: Buffer.from('abc') });
    assert.equal(got.headers['content-type'], undefined);
    assert.equal(got.body.toString(), 'abc');
    const binary = Uint8Array.from([0x40, 0x00, 0xff]);
    const again = await replay({ method: 'PUT', url: `${origin}/raw`, headers: [], body: binary });
    assert.equal(again.method, 'PUT');
    assert.equal(again.headers['content-type'], undefined);
    assert.deepEqual([...again.body], [...binary]);
  });

  void test('HEAD', async () => {
    const got = await replay({ method: 'HEAD', url: `${origin}/h`, headers: [] });
    assert.equal(got.method, 'HEAD');
  });

  void test('the request-target as sent: dot segments, //, %2e and brackets arrive as written', async () => {
    for (const target of ['/static/../secret', '/a/./b/%2e%2E/c', '//evil.example/x', '/a%2Fb?q=%7e&r=[1]']) {
      const got = await replay({ method: 'GET', url: `${origin}${target}`, headers: [] });
      assert.equal(got.url, target);
    }
  });

  void test('DELETE without a body', async () => {
    const got = await replay({ method: 'DELETE', url: `${origin}/notes/1`, headers: [['x-request-id', 'r1']] });
    assert.equal(got.method, 'DELETE');
    assert.equal(got.url, '/notes/1');
    assert.equal(got.headers['x-request-id'], 'r1');
    assert.equal(got.body.length, 0);
  });
});

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
