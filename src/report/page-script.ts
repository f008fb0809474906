/**
 * The run report's script, inlined in the page: it builds the page from the report's data (a JSON
 * block in the same file) with `textContent` only, so nothing in a response body can become
 * markup, and wires the status filters and the search. Plain ES2017, no template literals (this is
 * itself a template literal).
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tandem-report-data').textContent);
  var STATUSES = ['failed', 'passed', 'skipped', 'unknown'];

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (key) {
      if (key === 'text') node.textContent = props[key];
      else if (key === 'className') node.className = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }
  function ms(value) { return value === undefined || value === null ? '' : (value < 1000 ? Math.round(value) + ' ms' : (value / 1000).toFixed(2) + ' s'); }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  /** A failure message, lines of its diff (+ / -) marked. */
  function failureBlock(failure) {
    var pre = el('pre', { className: 'failure' });
    failure.message.split('\n').forEach(function (line) {
      var mark = /^\s*\+( |$)/.test(line) ? 'add' : /^\s*-( |$)/.test(line) ? 'del' : '';
      pre.appendChild(mark ? el('span', { className: mark, text: line }) : document.createTextNode(line + '\n'));
    });
    return el('div', null, [el('div', { className: 'muted failure-title', text: 'failure' + (failure.code ? ' (' + failure.code + ')' : '') }), pre]);
  }

  function headerTable(headers) {
    return el('table', null, headers.map(function (h) { return el('tr', null, [el('td', { className: 'mono', text: h.name }), el('td', { className: 'mono', text: h.value })]); }));
  }
  function bodyText(content) {
    if (!content || content.text === undefined || content.text === '') return '(empty)';
    if (content.encoding === 'base64' || content._encoding === 'base64') return '(' + (content.size || content.text.length) + ' bytes, not text)';
    var text = content.text;
    if (/json/i.test(content.mimeType || '')) { try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* as sent */ } }
    return text;
  }

  function requestRow(entry) {
    var status = entry.response.status;
    var summary = el('summary', null, [
      el('span', { className: 'mono', text: entry.request.method }),
      el('span', { className: 'mono url', text: entry.request.url }),
      el('span', { className: 'mono status-' + String(status).charAt(0), text: String(status) }),
      el('span', { className: 'muted', text: ms(entry.time) }),
    ]);
    var detail = el('div', { className: 'detail' }, [
      el('div', null, [el('b', { text: 'Request' }), headerTable(entry.request.headers), el('pre', { text: entry.request.postData ? bodyText(entry.request.postData) : '(no body)' })]),
      el('div', null, [el('b', { text: 'Response ' + status + ' ' + (entry.response.statusText || '') }), headerTable(entry.response.headers), el('pre', { text: bodyText(entry.response.content) })]),
    ]);
    return el('details', { className: 'request' }, [summary, detail]);
  }

  /** Tests in the order recorded, each with its requests; requests of no known test last. */
  function groupTests() {
    var byName = new Map();
    var tests = [];
    data.tests.forEach(function (t) {
      var known = byName.get(t.name);
      if (known) { known.runs.push(t); if (t.status === 'failed') known.status = 'failed'; return; }
      var test = { name: t.name, status: t.status, durationMs: t.durationMs, runs: [t], entries: [] };
      byName.set(t.name, test);
      tests.push(test);
    });
    data.entries.forEach(function (entry) {
      var name = entry._test === undefined ? '(outside any test)' : entry._test;
      var test = byName.get(name);
      if (!test) { test = { name: name, status: 'unknown', runs: [], entries: [] }; byName.set(name, test); tests.push(test); }
      test.entries.push(entry);
    });
    // Failed tests first; otherwise in the order they ran.
    return tests.filter(function (t) { return t.status === 'failed'; }).concat(tests.filter(function (t) { return t.status !== 'failed'; }));
  }

  function testSection(test) {
    var badge = el('span', { className: 'badge ' + test.status, text: test.status });
    var summary = el('summary', null, [badge, el('span', { className: 'name', text: test.name }), el('span', { className: 'muted', text: plural(test.entries.length, 'request') + (test.durationMs !== undefined ? ' · ' + ms(test.durationMs) : '') })]);
    var body = el('div', { className: 'body' });
    test.runs.forEach(function (run) { if (run.failure) body.appendChild(failureBlock(run.failure)); });
    test.entries.forEach(function (entry) { body.appendChild(requestRow(entry)); });
    if (test.entries.length === 0) body.appendChild(el('div', { className: 'muted', text: 'no recorded requests' }));
    var section = el('details', { className: 'test ' + test.status, 'data-status': test.status }, [summary, body]);
    if (test.status === 'failed') section.open = true;
    section.searchText = (test.name + '\n' + test.entries.map(function (e) { return e.request.method + ' ' + e.request.url; }).join('\n')).toLowerCase();
    return section;
  }

  function runsTable() {
    // The columns "compared with" and "shard" only when a run has them.
    var columns = [['run', 'runId'], ['target', 'target'], ['mode', 'mode'], ['compared with', 'compare'], ['shard', 'shard'], ['command', 'command'], ['started', 'startedAt'], ['duration', 'durationMs'], ['exit', 'exitCode']]
      .filter(function (c) { return data.runs.some(function (r) { return r[c[1]] !== undefined; }); });
    var head = el('tr', null, columns.map(function (c) { return el('th', { text: c[0] }); }));
    return el('table', { className: 'runs' }, [head].concat(data.runs.map(function (r) {
      return el('tr', null, columns.map(function (c) {
        var v = r[c[1]];
        return el('td', { className: 'mono', text: c[1] === 'durationMs' ? ms(v) : v === undefined ? '' : String(v) });
      }));
    })));
  }

  function countsBar(tests) {
    var by = {};
    tests.forEach(function (t) { by[t.status] = (by[t.status] || 0) + 1; });
    var items = [['tests', data.counts.tests], ['requests', data.counts.requests], ['leftovers', data.counts.leftovers]].concat(STATUSES.filter(function (s) { return by[s]; }).map(function (s) { return [s, by[s]]; }));
    return el('div', { className: 'counts' }, items.map(function (item) { return el('div', { className: 'count' }, [el('b', { text: String(item[1]) }), el('span', { className: 'muted', text: item[0] })]); }));
  }

  function paritySection(parity) {
    var section = el('section', { id: 'parity', className: 'parity' }, [
      el('h2', { text: 'Parity: ' + parity.primary + ' vs ' + parity.candidate }),
      el('p', { text: plural(parity.compared, 'request') + ' compared, ' + parity.notCompared + ' not compared, ' + plural(parity.differences, 'difference') + ', ' + plural(parity.noiseFields, 'noise field') + ' (noise from ' + (parity.noise || 'a second request to ' + parity.primary) + ')' }),
    ]);
    parity.exchanges.forEach(function (x) {
      var title = el('h3', { className: 'mono', text: x.method + ' ' + x.url + (x.candidateUrl ? '  →  ' + x.candidateUrl : '') + (x.test ? '  (' + x.test + ')' : '') });
      section.appendChild(title);
      if (x.notCompared) { section.appendChild(el('div', { className: 'muted', text: 'not compared: ' + x.notCompared })); return; }
      var head = el('tr', null, ['', 'field', parity.primary, parity.candidate].map(function (h) { return el('th', { text: h }); }));
      var real = x.differences.filter(function (d) { return !d.noise; });
      var noise = x.differences.filter(function (d) { return d.noise; });
      var rows = real.concat(noise).map(function (d) {
        var show = function (v) { return v === undefined || v === null ? '(none)' : v; };
        return el('tr', { className: d.noise ? 'noise difference' : 'difference' }, [
          el('td', { text: d.noise ? 'noise' : d.kind }),
          el('td', { className: 'mono', text: d.where === 'header' ? 'header ' + d.path : d.path }),
          el('td', { className: 'mono primary', text: show(d.primary) }),
          el('td', { className: 'mono candidate', text: show(d.candidate) }),
        ]);
      });
      section.appendChild(el('table', null, [head].concat(rows)));
    });
    return section;
  }

  function coverageSection(coverage) {
    var mark = function (r) { return r.covered ? '✓' : r.counted ? '✗' : '·'; };
    var rows = coverage.operations.map(function (o) {
      var cells = el('td', null, o.responses.map(function (r) { return el('span', { className: r.covered ? 'cov-yes' : r.counted ? 'cov-no' : 'cov-default', text: r.status + ' ' + mark(r) + '  ' }); }));
      if (o.responses.length === 0) cells.appendChild(el('span', { className: o.called ? 'cov-yes' : 'cov-no', text: o.called ? 'called ✓' : 'never called ✗' }));
      if (o.undocumentedStatuses.length) cells.appendChild(el('span', { className: 'muted', text: 'undocumented: ' + o.undocumentedStatuses.join(', ') }));
      return el('tr', null, [el('td', { className: 'mono', text: o.method }), el('td', { className: 'mono', text: o.path }), cells]);
    });
    var section = el('section', { id: 'coverage' }, [
      el('h2', { text: 'API coverage of ' + coverage.document + ': ' + coverage.covered + ' of ' + coverage.total + ' documented responses (' + coverage.percent + '%)' }),
      el('table', null, [el('tr', null, [el('th', { text: 'method' }), el('th', { text: 'path' }), el('th', { text: 'responses' })])].concat(rows)),
    ]);
    if (coverage.undocumented.length) section.appendChild(el('p', { className: 'muted', text: 'not in the document: ' + coverage.undocumented.map(function (u) { return u.method + ' ' + u.path + ' → ' + u.status; }).join(', ') }));
    return section;
  }

  var tests = groupTests();
  var sections = tests.map(testSection);
  var search = el('input', { type: 'search', id: 'search', placeholder: 'search tests by name or URL', 'aria-label': 'search' });
  var boxes = STATUSES.map(function (status) {
    var box = el('input', { type: 'checkbox', id: 'show-' + status, 'data-filter': status });
    box.checked = true;
    return el('label', null, [box, ' ' + status]);
  });
  var shown = el('span', { className: 'muted', id: 'shown' });
  function apply() {
    var query = search.value.trim().toLowerCase();
    var visible = 0;
    sections.forEach(function (section) {
      var on = document.getElementById('show-' + section.getAttribute('data-status')).checked && (query === '' || section.searchText.indexOf(query) >= 0);
      section.classList.toggle('hidden', !on);
      if (on) visible++;
    });
    shown.textContent = visible + ' of ' + plural(sections.length, 'test') + ' shown';
  }
  search.addEventListener('input', apply);
  boxes.forEach(function (label) { label.firstChild.addEventListener('change', apply); });

  var header = document.querySelector('header');
  header.appendChild(runsTable());
  header.appendChild(countsBar(tests));
  var main = document.querySelector('main');
  if (data.parity) main.appendChild(paritySection(data.parity));
  main.appendChild(el('h2', { text: 'Tests' }));
  main.appendChild(el('div', { className: 'controls' }, [search].concat(boxes).concat([shown])));
  var list = el('div', { id: 'tests' }, sections);
  main.appendChild(list);
  if (data.coverage) main.appendChild(coverageSection(data.coverage));
  apply();
})();
`;
