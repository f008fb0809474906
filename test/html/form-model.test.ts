/** The form model: changing fields as a user would, refusing what does not exist, and the spec rules jsdom does not follow. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FormError, type Form } from '../../src/index.js';
import { htmlResponse } from '../fixtures/forms/html-response.js';
import { oracleWindow } from '../fixtures/forms/jsdom-oracle.js';

const formOf = (body: string) => htmlResponse(`<!doctype html><body>${body}</body>`).form;
const values = (form: Form, submitter?: string) => form.entries(submitter).map(([n, v]) => [n, typeof v === 'string' ? v : `file:${v.name}`]);

const PROFILE = `<form id="p">
  <input name="user" value="ann"><input type="number" name="age" value="30"><input type="hidden" name="csrf" value="t">
  <input type="checkbox" name="tags" value="a" checked><input type="checkbox" name="tags" value="b"><input type="checkbox" name="solo">
  <input type="radio" name="size" value="s" checked><input type="radio" name="size" value="m">
  <select name="color"><option value="r">Red</option><option value="g">Green</option><option value="x" disabled>Gone</option></select>
  <select name="langs" multiple><option>en</option><option selected>fr</option><option>de</option></select>
  <textarea name="bio">hi</textarea><input name="locked" value="l" disabled><input type="file" name="doc"><input type="file" name="docs" multiple>
  <button name="go" value="save">Save</button><button name="go" value="drop">Drop</button><input type="submit" name="off" value="Off" disabled>
</form>`;

void describe('changing a form', () => {
  void test('set, check, uncheck, select and upload change what is sent, like the same actions in jsdom', () => {
    const form = formOf(PROFILE);
    form.set('user', 'bob').set('age', 41).set('bio', 'line1\nline2').check('tags', 'b').uncheck('tags', 'a').check('solo').set('size', 'm');
    form.select('color', 'g').select('langs', ['en', 'de']);
    const window = oracleWindow(`<!doctype html><body>${PROFILE}</body>`);
    const el = window.document.forms[0];
    const input = (sel: string) => el.querySelector(sel);
    input('[name=user]').value = 'bob';
    input('[name=age]').value = '41';
    el.querySelector('textarea').value = 'line1\nline2';
    input('[name=tags][value=b]').checked = true;
    input('[name=tags][value=a]').checked = false;
    input('[name=solo]').checked = true;
    input('[name=size][value=m]').checked = true;
    el.querySelector('[name=color]').value = 'g';
    for (const option of el.querySelector('[name=langs]').options) option.selected = option.value !== 'fr';
    const expected = [...new window.FormData(el, el.querySelector('button[value=drop]'))].map(([n, v]) => [n, typeof v === 'string' ? v : `file:${v.name}`]);
    window.close();
    assert.deepEqual(form.entries({ name: 'go', value: 'drop' }).map(([n, v]) => [n, typeof v === 'string' ? v : `file:${v.name}`]), expected);
  });

  void test('get() reads the current value; upload() replaces or adds files', () => {
    const form = formOf(PROFILE);
    assert.equal(form.get('user'), 'ann');
    assert.deepEqual(form.get('tags'), ['a']);
    assert.deepEqual(form.get('langs'), ['fr']);
    form.upload('doc', 'x', 'a.txt', 'text/plain').upload('doc', 'y', 'b.txt');
    form.upload('docs', 'x', 'one.txt').upload('docs', new Uint8Array([1, 2]), 'two.bin');
    const files = form.entries().filter(([, v]) => typeof v !== 'string').map(([n, v]) => [n, (v as File).name, (v as File).type]);
    assert.deepEqual(files, [['doc', 'b.txt', 'application/octet-stream'], ['docs', 'one.txt', 'application/octet-stream'], ['docs', 'two.bin', 'application/octet-stream']]);
  });

  const refusals: Array<[string, (form: Form) => unknown, RegExp]> = [
    ['an unknown field lists the fields', (f) => f.set('usr', 'x'), /no field named "usr"; its fields:\n {2}user \(text\)\n {2}age \(number\)[\s\S]*color \(select-one: "r", "g", "x"\)/],
    ['an option that does not exist lists the options', (f) => f.select('color', 'blue'), /no option with value "blue"; its options:\n {2}"r" \(Red\)\n {2}"g" \(Green\)\n {2}"x" \(Gone\) disabled/],
    ['a disabled option is refused', (f) => f.select('color', 'x'), /no enabled option with value "x"/],
    ['several values on a single select', (f) => f.select('color', ['r', 'g']), /takes exactly one value/],
    ['a checkbox value that does not exist lists the values', (f) => f.check('tags', 'z'), /no checkbox "tags" with value "z"; its values: "a", "b"/],
    ['an ambiguous checkbox asks for the value', (f) => f.check('tags'), /2 checkboxes are named "tags"; pass the value to check: "a", "b"/],
    ['a radio value that does not exist lists the values', (f) => f.set('size', 'xl'), /no radio "size" with value "xl"; its values: "s", "m"/],
    ['a radio cannot be unchecked', (f) => f.uncheck('size', 's'), /cannot uncheck radio button "size"/],
    ['set() on a checkbox points to check()', (f) => f.set('solo', 'on'), /use \.check\(\) or \.uncheck\(\)/],
    ['set() on a file input points to upload()', (f) => f.set('doc', 'x'), /use \.upload\(\)/],
    ['upload() on a text field', (f) => f.upload('user', 'x', 'a.txt'), /field "user" is not a file input/],
    ['select() on a text field', (f) => f.select('user', 'x'), /field "user" is not a select/],
    ['a disabled field', (f) => f.set('locked', 'x'), /field "locked" is disabled/],
    ['a value the input type refuses', (f) => f.set('age', 'abc'), /an input of type number would hold ""/],
    ['an unknown submit button lists the buttons', (f) => f.submit('nope'), /no submit button matches \{"name":"nope"\}; its submit buttons:\n {2}<button name="go" value="save"> "Save"\n {2}<button name="go" value="drop"> "Drop"\n {2}<input name="off" type="submit" value="Off"> disabled/],
    ['an ambiguous submit button', (f) => f.entries('go'), /2 submit buttons match \{"name":"go"\}/],
    ['a disabled submit button', (f) => f.entries('off'), /is disabled: a user cannot click it/],
  ];
  for (const [name, act, message] of refusals) {
    void test(`refused with TANDEM_FORM: ${name}`, () => {
      const form = formOf(PROFILE);
      const before = JSON.stringify(values(form));
      assert.throws(() => act(form), (error: unknown) => {
        assert.ok(error instanceof FormError);
        assert.equal(error.code, 'TANDEM_FORM');
        assert.match(error.message, message);
        assert.match(error.message, /GET http:\/\/localhost\/forms\/page/);
        return true;
      });
      assert.equal(JSON.stringify(values(form)), before, 'a refused change leaves the form as it was');
    });
  }
});

void describe('spec rules where jsdom differs', () => {
  void test('a selected but disabled option is not sent (jsdom sends it: it tests the select, not the option, for disabled)', () => {
    const form = formOf('<form><select name="s"><option value="a" selected disabled>A</option><option value="b">B</option></select><select name="m" multiple><option selected disabled>x</option><option selected>y</option></select></form>');
    assert.deepEqual(values(form), [['m', 'y']]);
  });

  void test('a hidden input named _charset_ sends the encoding (UTF-8)', () => {
    assert.deepEqual(values(formOf('<form><input type="hidden" name="_charset_"><input type="hidden" name="_CHARSET_" value="x"></form>')), [['_charset_', 'UTF-8'], ['_CHARSET_', 'UTF-8']]);
  });

  void test('datetime-local is normalized to the shortest time (jsdom always adds milliseconds)', () => {
    const form = formOf('<form><input type="datetime-local" name="a" value="2024-01-02 03:04:05"><input type="datetime-local" name="b" value="2024-01-02T03:04:00.500"><input type="datetime-local" name="c" value="2024-13-02T03:04"></form>');
    assert.deepEqual(values(form), [['a', '2024-01-02T03:04:05'], ['b', '2024-01-02T03:04:00.5'], ['c', '']]);
  });

  void test('dirname sends the directionality from dir attributes (jsdom always sends ltr), and applies only to text controls', () => {
    const form = formOf('<form dir="rtl"><input name="a" dirname="a.dir"><input name="b" dir="ltr" dirname="b.dir"><input name="c" dir="auto" value="שלום" dirname="c.dir"><input type="tel" name="d" dirname="d.dir"><select name="e" dirname="e.dir"><option>x</option></select></form>');
    assert.deepEqual(values(form), [['a', ''], ['a.dir', 'rtl'], ['b', ''], ['b.dir', 'ltr'], ['c', 'שלום'], ['c.dir', 'rtl'], ['d', ''], ['d.dir', 'ltr'], ['e', 'x']]);
  });

  void test('a range default is the midpoint of min and max whatever the attribute order (jsdom uses 0–100 when value comes first)', () => {
    assert.deepEqual(values(formOf('<form><input type="range" name="r" value="x" min="10" max="20"></form>')), [['r', '15']]);
  });
});

void describe('method, action and enctype', () => {
  void test('read from the markup, with the spec defaults for missing and invalid values', () => {
    const page = htmlResponse('<!doctype html><head><base href="/base/dir/"></head><form method="PoSt" action="save" enctype="MULTIPART/form-data"></form><form method="put" enctype="x"></form><form action="" method="dialog"></form>');
    const [a, b, c] = page.forms;
    assert.deepEqual([a!.method, a!.action, a!.enctype], ['POST', 'http://localhost/base/dir/save', 'multipart/form-data']);
    assert.deepEqual([b!.method, b!.action, b!.enctype], ['GET', 'http://localhost/forms/page', 'application/x-www-form-urlencoded']);
    assert.equal(c!.method, 'DIALOG');
    assert.throws(() => c!.submit(), { code: 'TANDEM_FORM', message: /method="dialog"/ });
  });

  void test('a response not produced by a test app cannot submit', () => {
    assert.throws(() => formOf('<form><input name="a"></form>').submit(), { code: 'TANDEM_FORM', message: /not produced by a test app/ });
  });
});
