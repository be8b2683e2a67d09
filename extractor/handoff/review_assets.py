"""The review page's inline CSS and JavaScript, kept apart from the Python that fills it.

They are plain strings (not package data files) so the page is built the same way
from an editable or a wheel install, and the page needs nothing but itself.
"""

CSS = """
:root { --bg:#f6f7f9; --card:#fff; --ink:#1d2430; --muted:#5b6573; --line:#d9dee5;
  --acc:#1f7a4d; --edit:#b26b00; --rej:#b3261e; --sel:#2c5cc5; }
* { box-sizing: border-box; }
html, body { height:100%; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color:var(--ink); background:var(--bg); display:flex; flex-direction:column; overflow:hidden; }
header { flex:none; background:#fff; border-bottom:1px solid var(--line);
  padding:10px 16px; display:flex; flex-wrap:wrap; gap:10px 18px; align-items:center; }
header h1 { font-size:17px; margin:0 12px 0 0; }
header label { color:var(--muted); font-size:12px; display:flex; gap:4px; align-items:center; }
header select, header input { font:inherit; padding:3px 5px; }
#tally { color:var(--muted); font-size:12px; }
button { font:inherit; cursor:pointer; border:1px solid var(--line); background:#fff;
  border-radius:5px; padding:3px 9px; }
button.primary { background:var(--sel); color:#fff; border-color:var(--sel); }
main { flex:1; min-height:0; display:grid; gap:16px; padding:0 16px 16px;
  grid-template-columns:minmax(380px, 1fr) minmax(360px, 1fr); }
#items { overflow:auto; min-height:0; padding-right:4px; }
section.cat h2 { font-size:15px; margin:18px 0 8px; }
section.cat h2 .count { color:var(--muted); font-weight:normal; }
.card { background:var(--card); border:1px solid var(--line); border-left:4px solid var(--line);
  border-radius:6px; padding:10px 12px; margin-bottom:10px; cursor:pointer; }
.card.selected { outline:2px solid var(--sel); }
.card[data-review=accepted] { border-left-color:var(--acc); }
.card[data-review=edited] { border-left-color:var(--edit); }
.card[data-review=rejected] { border-left-color:var(--rej); opacity:.6; }
.card .title { font-weight:600; }
.badges { margin:4px 0; display:flex; gap:6px; flex-wrap:wrap; }
.badge { font-size:11px; border-radius:10px; padding:1px 8px; background:#eef1f5;
  color:var(--muted); }
.badge.accepted { background:#e3f3ea; color:var(--acc); }
.badge.edited { background:#fbefdc; color:var(--edit); }
.badge.rejected { background:#fbe4e2; color:var(--rej); }
.badge.conf-low { background:#fbe4e2; color:var(--rej); }
dl.fields { display:grid; grid-template-columns:max-content 1fr; gap:2px 10px; margin:6px 0; }
dl.fields dt { color:var(--muted); font-size:12px; }
dl.fields dd { margin:0; }
ul.evidence { list-style:none; padding:0; margin:6px 0; }
ul.evidence li { margin:3px 0; }
button.ev { text-align:left; width:100%; background:#fafbfc; font-size:12.5px; }
button.ev .src { color:var(--sel); font-weight:600; }
button.ev .q { color:var(--ink); font-style:italic; }
.actions { display:flex; gap:6px; margin-top:6px; }
.actions .accept { color:var(--acc); } .actions .reject { color:var(--rej); }
.actions .edit { color:var(--edit); }
form.editor { display:grid; grid-template-columns:max-content 1fr; gap:4px 8px; margin:6px 0; }
form.editor input[type=text], form.editor textarea, form.editor select { width:100%; font:inherit; }
#viewer { margin-top:16px; min-height:0; display:flex; flex-direction:column; background:#fff;
  border:1px solid var(--line); border-radius:6px; }
#viewer .head { padding:10px 12px; border-bottom:1px solid var(--line); }
#viewer .head .name { font-weight:600; }
#viewer .head .meta { color:var(--muted); font-size:12px; }
#doc-text { margin:0; padding:12px; overflow:auto; flex:1; white-space:pre-wrap;
  word-wrap:break-word; font:13px/1.5 ui-monospace, Menlo, Consolas, monospace; }
mark { background:#ffe066; padding:1px 0; }
.hidden { display:none !important; }
.empty { color:var(--muted); font-style:italic; }
"""

JS = r"""
(function () {
  'use strict';
  const DATA = JSON.parse(document.getElementById('handoff-data').textContent);
  const record = DATA.record;
  const docs = DATA.documents;
  const originals = JSON.parse(JSON.stringify(record));
  const byId = {};
  DATA.categories.forEach(function (cat) {
    record[cat.key].forEach(function (item) { byId[item.id] = {cat: cat, item: item}; });
  });

  function el(tag, attrs) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'cls') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    for (let i = 2; i < arguments.length; i++) {
      const child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }
  function reviewOf(item) { return item.review ? item.review.decision : 'unreviewed'; }
  function band(c) { return c >= 0.8 ? 'high' : (c >= 0.5 ? 'medium' : 'low'); }
  function title(item) { return item.statement || item.name || item.summary || item.id; }
  function show(value) {
    if (value === null || value === undefined || value === '') return '-';
    if (Array.isArray(value)) return value.join(', ') || '-';
    return String(value);
  }
  function original(cat, id) {
    return originals[cat.key].find(function (o) { return o.id === id; });
  }

  function fieldList(cat, item) {
    const dl = el('dl', {cls: 'fields'});
    DATA.schema[cat.key].forEach(function (f) {
      if (f.name === cat.label) return;
      dl.appendChild(el('dt', {text: f.name.replace(/_/g, ' ')}));
      dl.appendChild(el('dd', {text: show(item[f.name])}));
    });
    return dl;
  }

  function evidenceList(item) {
    const ul = el('ul', {cls: 'evidence'});
    if (!item.evidence.length) ul.appendChild(el('li', {cls: 'empty', text: 'no evidence'}));
    item.evidence.forEach(function (ev, index) {
      const btn = el('button', {cls: 'ev', type: 'button', 'data-ev': String(index)},
        el('span', {cls: 'src', text: ev.source + ' · ' + (ev.doc_date || 'undated')}), ' ',
        el('span', {cls: 'q', text: '“' + ev.quote + '”'}));
      btn.addEventListener('click', function (event) {
        event.stopPropagation();
        select(item.id, index);
      });
      ul.appendChild(el('li', {}, btn));
    });
    return ul;
  }

  function actionBar(cat, item, card) {
    const bar = el('div', {cls: 'actions'});
    [['accept', 'Accept'], ['edit', 'Edit'], ['reject', 'Reject']].forEach(function (pair) {
      const btn = el('button', {cls: pair[0], type: 'button', 'data-action': pair[0],
                               text: pair[1]});
      btn.addEventListener('click', function (event) {
        event.stopPropagation();
        if (pair[0] === 'edit') openEditor(cat, item, card);
        else decide(item, pair[0] === 'accept' ? 'accepted' : 'rejected', []);
      });
      bar.appendChild(btn);
    });
    return bar;
  }

  function buildCard(cat, item) {
    const review = reviewOf(item);
    const card = el('article', {cls: 'card', id: 'item-' + item.id, 'data-id': item.id,
      'data-category': cat.key, 'data-review': review, 'data-status': item.status || '',
      'data-confidence': band(item.confidence)});
    const badges = el('div', {cls: 'badges'},
      el('span', {cls: 'badge ' + review, text: review}),
      el('span', {cls: 'badge conf-' + band(item.confidence),
                  text: 'confidence ' + Number(item.confidence).toFixed(2)}),
      item.status ? el('span', {cls: 'badge', text: item.status}) : null,
      el('span', {cls: 'badge', text: item.id}));
    card.appendChild(el('div', {cls: 'title', text: title(item)}));
    card.appendChild(badges);
    card.appendChild(fieldList(cat, item));
    card.appendChild(evidenceList(item));
    card.appendChild(actionBar(cat, item, card));
    card.addEventListener('click', function () { select(item.id, 0); });
    return card;
  }

  function refreshCard(id) {
    const entry = byId[id];
    const old = document.getElementById('item-' + id);
    const card = buildCard(entry.cat, entry.item);
    if (old.classList.contains('selected')) card.classList.add('selected');
    old.replaceWith(card);
    applyFilters();
  }

  function decide(item, decision, edited) {
    const previous = item.review && item.review.edited_fields ? item.review.edited_fields : [];
    const fields = decision === 'rejected' ? [] :
      Array.from(new Set(previous.concat(edited))).sort();
    if (decision === 'accepted' && fields.length) decision = 'edited';
    item.review = {decision: decision, edited_fields: fields,
                   reviewer: document.getElementById('reviewer').value.trim(),
                   at: new Date().toISOString()};
    refreshCard(item.id);
  }

  function inputFor(f, value) {
    if (f.type === 'enum') {
      const sel = el('select', {name: f.name});
      f.options.forEach(function (o) {
        const opt = el('option', {value: o, text: o});
        if (o === value) opt.selected = true;
        sel.appendChild(opt);
      });
      return sel;
    }
    if (f.type === 'bool') {
      const box = el('input', {type: 'checkbox', name: f.name});
      box.checked = !!value;
      return box;
    }
    const input = el(f.type === 'long' ? 'textarea' : 'input',
                     {name: f.name, type: f.type === 'date' ? 'date' : 'text'});
    input.value = value === null || value === undefined ? '' : String(value);
    return input;
  }

  function readInput(f, input) {
    if (f.type === 'bool') return input.checked;
    const v = input.value.trim();
    if (f.type === 'list') return v ? v.split(',').map(function (s) { return s.trim(); }) : [];
    return v === '' && f.nullable ? null : v;
  }

  function openEditor(cat, item, card) {
    const form = el('form', {cls: 'editor'});
    const inputs = {};
    DATA.schema[cat.key].forEach(function (f) {
      inputs[f.name] = inputFor(f, item[f.name]);
      form.appendChild(el('label', {text: f.name.replace(/_/g, ' ')}));
      form.appendChild(inputs[f.name]);
    });
    const save = el('button', {type: 'submit', cls: 'primary', text: 'Save'});
    const cancel = el('button', {type: 'button', text: 'Cancel'});
    form.appendChild(el('span'));
    form.appendChild(el('div', {cls: 'actions'}, save, cancel));
    form.addEventListener('click', function (event) { event.stopPropagation(); });
    cancel.addEventListener('click', function () { refreshCard(item.id); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      const base = original(cat, item.id) || {};
      const edited = [];
      DATA.schema[cat.key].forEach(function (f) {
        const value = readInput(f, inputs[f.name]);
        item[f.name] = value;
        if (JSON.stringify(value) !== JSON.stringify(base[f.name] === undefined ? null :
                                                     base[f.name])) edited.push(f.name);
      });
      decide(item, edited.length ? 'edited' : 'accepted', edited);
    });
    card.querySelector('dl.fields').replaceWith(form);
  }

  function select(id, index) {
    const entry = byId[id];
    document.querySelectorAll('.card.selected').forEach(function (c) {
      c.classList.remove('selected');
    });
    const card = document.getElementById('item-' + id);
    if (card) card.classList.add('selected');
    const ev = entry.item.evidence[index];
    const name = document.getElementById('doc-name');
    const meta = document.getElementById('doc-meta');
    const pre = document.getElementById('doc-text');
    pre.textContent = '';
    if (!ev) {
      name.textContent = title(entry.item);
      meta.textContent = 'This item has no evidence.';
      return;
    }
    const doc = docs[ev.doc_id];
    name.textContent = ev.source;
    meta.textContent = (ev.doc_date || 'undated') + ' · evidence ' + (index + 1) + ' of ' +
      entry.item.evidence.length + ' for ' + id + ' · alignment ' + ev.alignment;
    const mark = el('mark', {id: 'highlight'});
    let start = ev.start;
    if (doc && doc.text.slice(start, ev.end) !== ev.quote) start = doc.text.indexOf(ev.quote);
    if (doc && start >= 0) {
      mark.textContent = ev.quote;
      pre.append(doc.text.slice(0, start), mark, doc.text.slice(start + ev.quote.length));
    } else {
      mark.textContent = ev.quote;
      pre.append('(Source text not included in this page; quote only.)\n\n', mark);
    }
    mark.scrollIntoView({block: 'center'});
  }

  function applyFilters() {
    const f = {category: value('f-category'), review: value('f-review'),
               status: value('f-status'), confidence: value('f-confidence')};
    document.querySelectorAll('.card').forEach(function (card) {
      const hide = (f.category && card.dataset.category !== f.category) ||
        (f.review && card.dataset.review !== f.review) ||
        (f.status && card.dataset.status !== f.status) ||
        (f.confidence && card.dataset.confidence !== f.confidence);
      card.classList.toggle('hidden', !!hide);
    });
    document.querySelectorAll('section.cat').forEach(function (sec) {
      const all = sec.querySelectorAll('.card').length;
      const shown = sec.querySelectorAll('.card:not(.hidden)').length;
      sec.classList.toggle('hidden', !!f.category && sec.dataset.category !== f.category);
      sec.querySelector('.count').textContent = '(' + shown + ' of ' + all + ')';
    });
    tally();
  }
  function value(id) { return document.getElementById(id).value; }

  function tally() {
    const counts = {unreviewed: 0, accepted: 0, edited: 0, rejected: 0};
    Object.keys(byId).forEach(function (id) { counts[reviewOf(byId[id].item)] += 1; });
    document.getElementById('tally').textContent = Object.keys(counts).map(function (k) {
      return counts[k] + ' ' + k;
    }).join(' · ');
  }

  function exportRecord() {
    const reviewer = document.getElementById('reviewer').value.trim();
    const out = JSON.parse(JSON.stringify(record));
    DATA.categories.forEach(function (cat) {
      out[cat.key].forEach(function (item) {
        if (item.review && !item.review.reviewer) item.review.reviewer = reviewer;
      });
    });
    window.handoffLastExport = out;
    const blob = new Blob([JSON.stringify(out, null, 2) + '\n'], {type: 'application/json'});
    const link = el('a', {href: URL.createObjectURL(blob), download: DATA.export_name});
    document.body.appendChild(link);
    link.click();
    link.remove();
    return out;
  }

  DATA.categories.forEach(function (cat) {
    const sec = el('section', {cls: 'cat', 'data-category': cat.key},
      el('h2', {}, cat.title + ' ', el('span', {cls: 'count'})));
    if (!record[cat.key].length) sec.appendChild(el('p', {cls: 'empty', text: 'None found.'}));
    record[cat.key].forEach(function (item) { sec.appendChild(buildCard(cat, item)); });
    document.getElementById('items').appendChild(sec);
  });
  ['f-category', 'f-review', 'f-status', 'f-confidence'].forEach(function (id) {
    document.getElementById(id).addEventListener('change', applyFilters);
  });
  document.getElementById('export').addEventListener('click', exportRecord);
  window.handoffReview = {select: select, exportRecord: exportRecord, decide: function (id, d) {
    decide(byId[id].item, d, []);
  }};
  applyFilters();
})();
"""
