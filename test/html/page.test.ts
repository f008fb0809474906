/** res.html, res.forms / res.form, res.links / res.click and res.mustContain on a page. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpectationError, FormError, TestResponse } from '../../src/index.js';
import { htmlResponse } from '../fixtures/forms/html-response.js';

const PAGE = `<!doctype html><html><head><title>Notes</title><base href="/app/"><script>var hidden = "Secret script text";</script></head><body>
  <h1 class="title">All   notes</h1><p>Hello <b>Ann</b>, you have 3 notes</p><p>Second paragraph</p>
  <nav><a href="notes?page=2" class="next">Next</a><a href="/archive">Next</a><a href="https://other.example/x">Elsewhere</a></nav>
  <form id="search" name="s"><input name="q"></form><form name="edit" method="post"><input name="title"></form>
</body></html>`;

void describe('an HTML page', () => {
  const res = htmlResponse(PAGE);

  void test('res.html queries the parsed document with CSS selectors, parsed once', () => {
    assert.equal(res.html('h1.title').text(), 'All   notes');
    assert.equal(res.html('nav a').length, 3);
    assert.equal(res.html, res.html);
  });

  void test('res.html on a response that is not HTML fails with the content type', () => {
    const json = new TestResponse({ ...(htmlResponse('') as any), headers: new Headers({ 'content-type': 'application/json' }), body: new TextEncoder().encode('{}'), status: 200, statusText: 'OK', url: 'http://localhost/x', request: { method: 'GET', url: 'http://localhost/x', headers: [] }, target: { mode: 'in-process', kind: 'test', origin: 'http://localhost' }, durationMs: 0 });
    assert.throws(() => json.html, (error: unknown) => error instanceof ExpectationError && /expected an HTML response \(Content-Type text\/html\), got application\/json/.test(error.message));
    assert.throws(() => json.forms, ExpectationError);
  });

  void test('res.links resolves hrefs against <base href> and collapses the text', () => {
    assert.deepEqual(
      res.links.map((l) => [l.text, l.href, l.rawHref]),
      [['Next', 'http://localhost/app/notes?page=2', 'notes?page=2'], ['Next', 'http://localhost/archive', '/archive'], ['Elsewhere', 'https://other.example/x', 'https://other.example/x']],
    );
  });

  void test('res.click fails listing every link when none matches', () => {
    assert.throws(() => res.click('Previous'), (error: unknown) => {
      assert.ok(error instanceof ExpectationError);
      assert.match(error.message, /^no link matches \{ text: "Previous" \}; the page's links:\n {2}"Next" → http:\/\/localhost\/app\/notes\?page=2 {2}<a class="next">\n {2}"Next" → http:\/\/localhost\/archive {2}<a>\n {2}"Elsewhere" → https:\/\/other.example\/x/);
      assert.match(error.message, /GET http:\/\/localhost\/forms\/page/);
      return true;
    });
  });

  void test('res.click fails listing the candidates when several match', () => {
    assert.throws(() => res.click({ text: 'Next' }), { message: /^2 links match \{ text: "Next" \}; narrow it down or pass index:\n {2}"Next" → http:\/\/localhost\/app\/notes\?page=2 {2}<a class="next">\n {2}"Next" → http:\/\/localhost\/archive {2}<a>\n\n/ });
    assert.throws(() => res.click({ text: /Next/, selector: 'h1' }), /no link matches/);
    assert.throws(() => res.click({ text: 'Next', index: 2 }), /no link matches \{ text: "Next", index: 2 \} \(2 matched before the index\)/);
  });

  void test('res.click narrows by selector and href before sending', () => {
    // No test app produced this response, so the match succeeds and only sending is refused.
    assert.throws(() => res.click({ text: 'Next', selector: 'a.next' }), { code: 'TANDEM_FORM', message: /cannot send GET http:\/\/localhost\/app\/notes\?page=2/ });
    assert.throws(() => res.click({ href: '/archive' }), { message: /cannot send GET http:\/\/localhost\/archive/ });
  });

  void test('res.forms finds forms by id, name and index, and lists them when not found', () => {
    assert.equal(res.forms.length, 2);
    assert.equal(res.forms.byId('search').name, 's');
    assert.equal(res.forms.byName('edit').index, 1);
    assert.equal(res.forms.byIndex(1).method, 'POST');
    assert.equal(res.forms.map((f) => f.id).length, 2);
    assert.throws(() => res.forms.byId('nope'), (error: unknown) => {
      assert.ok(error instanceof FormError);
      assert.match(error.message, /^no form with id "nope"; the page's forms:\n {2}form #0 <form id="search" name="s">\n {2}form #1 <form name="edit" method="post">/);
      return true;
    });
    assert.throws(() => res.forms.byIndex(5), /no form with index 5/);
  });

  void test('res.form fails when the page has several forms or none', () => {
    assert.throws(() => res.form, { code: 'TANDEM_FORM', message: /^2 forms on the page; choose one with res.forms.byId\(\), byName\(\) or byIndex\(\)/ });
    assert.throws(() => htmlResponse('<p>no forms</p>').form, { code: 'TANDEM_FORM', message: /^expected a form on the page; the page has no forms/ });
    assert.equal(htmlResponse('<form id="one"></form>').form.id, 'one');
  });

  void test('a form keeps its values between reads of res.form', () => {
    const page = htmlResponse('<form><input name="a" value="1"></form>');
    page.form.set('a', '2');
    assert.equal(page.form.get('a'), '2');
  });

  void test('mustContain passes on the visible text, whitespace collapsed, and chains', () => {
    assert.equal(res.mustContain('All notes', 'Hello Ann, you have 3 notes', /\d notes/, { not: ['Secret script text', 'error'] }), res);
    res.mustContain('you have 3 notes Second paragraph');
  });

  void test('mustContain fails listing what is missing and what is present', () => {
    assert.throws(() => res.mustContain('Hello', 'Goodbye', /\d{3} notes/, { not: ['Ann', 'error'] }), (error: unknown) => {
      assert.ok(error instanceof ExpectationError);
      assert.equal(error.code, 'TANDEM_EXPECTATION_FAILED');
      assert.match(error.message, /^expected the page text to contain "Hello", "Goodbye", \/\\d\{3\} notes\/ and not "Ann", "error"\nmissing:\n {2}"Goodbye"\n {2}\/\\d\{3\} notes\/\npresent but must not be:\n {2}"Ann"\n/);
      assert.deepEqual(error.actual, { missing: ['"Goodbye"', '/\\d{3} notes/'], present: ['"Ann"'] });
      return true;
    });
  });

  void test('mustContain on a body that is not HTML checks the text as it is', () => {
    const plain = new TestResponse({ ...(htmlResponse('') as any), headers: new Headers({ 'content-type': 'text/plain' }), body: new TextEncoder().encode('a  b'), status: 200, statusText: 'OK', url: 'http://localhost/t', request: { method: 'GET', url: 'http://localhost/t', headers: [] }, target: { mode: 'in-process', kind: 'test', origin: 'http://localhost' }, durationMs: 0 });
    plain.mustContain('a  b');
    assert.throws(() => plain.mustContain('a b'), /expected the body to contain "a b"/);
  });
});
