/** Forms and links end to end: submitted through the test app to an Express app, in-process and over loopback. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import express from 'express';
import { createTestApp, type TestApp } from '../../src/index.js';

const page = (body: string) => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;

function createApp() {
  const app = express();
  const echo = (req: express.Request, res: express.Response, body: unknown) =>
    void res.json({ method: req.method, url: req.originalUrl, body, referer: req.get('referer') ?? null, origin: req.get('origin') ?? null, contentType: req.get('content-type') ?? null });
  app.get('/login', (_req, res) => {
    res.type('html').send(page(`
      <form id="login" method="post" action="/session?next=%2Fhome">
        <input name="user"><input type="password" name="password">
        <input type="checkbox" name="remember" value="yes">
        <input type="hidden" name="csrf" value="tok-1">
        <textarea name="note">a
b</textarea>
        <button name="go" value="in">Sign in</button>
        <button name="go" value="help" formaction="/help" formmethod="get">Help</button>
      </form>`));
  });
  app.post('/session', express.urlencoded({ extended: false }), (req, res) => echo(req, res, req.body));
  app.get('/help', (req, res) => echo(req, res, req.query));
  app.get('/search', (_req, res) => {
    res.type('html').send(page(`<form action="results?old=1#frag"><input name="q" value="green tea"><select name="sort"><option>new</option><option>old</option></select></form>`));
  });
  app.get('/results', (req, res) => echo(req, res, req.query));
  app.get('/upload', (_req, res) => {
    res.type('html').send(page(`<form method="post" action="/upload" enctype="multipart/form-data"><input name="title" value="report"><input type="file" name="doc"><input type="file" name="empty"></form>`));
  });
  app.get('/plain', (_req, res) => res.type('html').send(page(`<form method="post" action="/raw" enctype="text/plain"><input name="a" value="1"><textarea name="b">x
y</textarea></form>`)));
  app.post('/raw', express.raw({ type: () => true }), (req, res) => echo(req, res, (req.body as Buffer).toString('utf8')));
  app.post('/upload', express.raw({ type: () => true }), (req, res) => echo(req, res, (req.body as Buffer).toString('utf8')));
  app.get('/links', (_req, res) => {
    res.type('html').send(page(`<nav><a href="/echo/one">Next</a><a class="x" href="echo/two?p=1#top">Next</a></nav><a href="/echo/three"> Third
      link </a>`));
  });
  app.get('/echo/*rest', (req, res) => echo(req, res, null));
  return app;
}

for (const transport of ['in-process', 'loopback'] as const) {
  void describe(`forms and links (${transport})`, () => {
    const api: TestApp = createTestApp(createApp(), { transport });
    after(() => api.close());
    const at = (path: string) => `${api.origin}${path}`;

    void test('a POST form is submitted URL-encoded with its fields, submitter, Referer and Origin', async () => {
      const login = await api.get('/login').expect(200);
      login.form.set('user', 'ann').set('password', 'p w&d').check('remember');
      const res = await login.form.submit({ name: 'go', value: 'in' }).expect(200);
      assert.deepEqual(res.json, {
        method: 'POST',
        url: '/session?next=%2Fhome',
        body: { user: 'ann', password: 'p w&d', remember: 'yes', csrf: 'tok-1', note: 'a\r\nb', go: 'in' },
        referer: at('/login'),
        origin: api.origin,
        contentType: 'application/x-www-form-urlencoded',
      });
      assert.equal(res.request.body && new TextDecoder().decode(res.request.body), 'user=ann&password=p+w%26d&remember=yes&csrf=tok-1&note=a%0D%0Ab&go=in');
    });

    void test("the submitter's formaction and formmethod win over the form's", async () => {
      const login = await api.get('/login');
      const res = await login.form.set('user', 'bob').submit({ text: 'Help' }).expect(200);
      assert.equal(res.json.method, 'GET');
      assert.equal(res.json.url, '/help?user=bob&password=&csrf=tok-1&note=a%0D%0Ab&go=help');
      assert.equal(res.json.referer, at('/login'));
      assert.equal(res.json.origin, null);
    });

    void test('a GET form replaces the query of its action, resolved against the page, and drops the fragment', async () => {
      const search = await api.get('/search');
      assert.equal(search.form.action, at('/results?old=1#frag'));
      const res = await search.form.select('sort', 'old').submit().expect(200);
      assert.deepEqual(res.json, { method: 'GET', url: '/results?q=green+tea&sort=old', body: { q: 'green tea', sort: 'old' }, referer: at('/search'), origin: null, contentType: null });
    });

    void test('a multipart form sends fields and files (an empty file input as an empty part)', async () => {
      const upload = await api.get('/upload');
      const res = await upload.form.upload('doc', new TextEncoder().encode('hello file'), 'hello.txt', 'text/plain').submit().expect(200);
      const boundary = /boundary=(.+)$/.exec(res.json.contentType as string)?.[1];
      assert.ok(boundary, res.json.contentType);
      const body = res.json.body as string;
      assert.ok(body.includes(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nreport\r\n`), body);
      assert.ok(body.includes('Content-Disposition: form-data; name="doc"; filename="hello.txt"\r\nContent-Type: text/plain\r\n\r\nhello file\r\n'), body);
      assert.ok(body.includes('Content-Disposition: form-data; name="empty"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n'), body);
      assert.ok(body.endsWith(`--${boundary}--\r\n`), body);
      assert.equal(res.json.referer, at('/upload'));
    });

    void test('a text/plain form sends name=value lines with CRLF', async () => {
      const res = await (await api.get('/plain')).form.submit().expect(200);
      assert.equal(res.json.body, 'a=1\r\nb=x\r\ny\r\n');
      assert.equal(res.json.contentType, 'text/plain');
    });

    void test('click follows a link through the same app with the page as Referer', async () => {
      const links = await api.get('/links');
      assert.deepEqual(
        links.links.map((l) => [l.text, l.href]),
        [['Next', at('/echo/one')], ['Next', at('/echo/two?p=1#top')], ['Third link', at('/echo/three')]],
      );
      const third = await links.click('Third link').expect(200);
      assert.deepEqual([third.json.method, third.json.url, third.json.referer], ['GET', '/echo/three', at('/links')]);
      const second = await links.click({ text: 'Next', selector: 'a.x' }).expect(200);
      assert.equal(second.json.url, '/echo/two?p=1');
      const byHref = await links.click({ href: /one$/ });
      assert.equal(byHref.json.url, '/echo/one');
      const byIndex = await links.click({ text: 'Next', index: 1 });
      assert.equal(byIndex.json.url, '/echo/two?p=1');
    });
  });
}
