// Live escalation panel (README "Escalation"): the system's level in words, number and shape (never colour alone), since
// when, why, and the acknowledgements, with a form to acknowledge. Reads GET /escalation every 10 s with the token the page
// keeps in session storage (dashboard.js signs in); no inline script or style, so it works under the page's strict CSP.
(function () {
  'use strict';
  const TOKEN_KEY = 'd2a.token';
  const POLL_MS = 10000;
  const SHAPES = { 1: '●', 2: '▲', 3: '▲▲', 4: '▲▲▲' };
  const section = document.getElementById('escalation');
  if (!section) {
    return;
  }
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = 'escalation.css';
  document.head.appendChild(style);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  // The panel's fixed parts, built once.
  section.setAttribute('aria-labelledby', 'escalation-title');
  section.dataset.level = '';
  const title = el('h2', { id: 'escalation-title' }, 'System escalation');
  const badge = el('p', { class: 'escalation-level', id: 'escalation-level', role: 'status', 'aria-live': 'polite' }, 'Waiting for the escalation level…');
  const since = el('p', { class: 'escalation-since', id: 'escalation-since' });
  const description = el('p', { class: 'escalation-description', id: 'escalation-description' });
  const whyTitle = el('h3', {}, 'Why');
  const why = el('ul', { class: 'escalation-why', id: 'escalation-why' });
  const details = el('details', { class: 'escalation-triggers' });
  details.appendChild(el('summary', {}, 'Every trigger, its figure and thresholds'));
  const table = el('table', { id: 'escalation-triggers' });
  const head = el('tr');
  ['Trigger', 'Figure', 'Level', 'Level 2 at', 'Level 3 at', 'Level 4 at', 'Margin'].forEach(h => head.appendChild(el('th', { scope: 'col' }, h)));
  const thead = el('thead');
  thead.appendChild(head);
  const tbody = el('tbody');
  table.append(thead, tbody);
  details.appendChild(table);
  const acksTitle = el('h3', {}, 'Acknowledgements of this level');
  const acks = el('ul', { class: 'escalation-acks', id: 'escalation-acks' });
  const form = el('form', { class: 'escalation-ack', id: 'escalation-ack', novalidate: '' });
  const label = el('label', { for: 'escalation-comment' }, 'Acknowledge with a comment (admin or commissioner)');
  const comment = el('textarea', { id: 'escalation-comment', name: 'comment', maxlength: '1000', rows: '2', required: '' });
  const submit = el('button', { type: 'submit' }, 'Acknowledge');
  const result = el('p', { class: 'escalation-result', id: 'escalation-result', role: 'status', 'aria-live': 'polite' });
  form.append(label, comment, submit, result);
  section.append(title, badge, since, description, whyTitle, why, details, acksTitle, acks, form);

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function when(iso) {
    if (!iso) {
      return '–';
    }
    const d = new Date(iso);
    return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  function lasted(iso) {
    const minutes = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
    if (minutes < 60) {
      return minutes + ' min';
    }
    const hours = Math.floor(minutes / 60);
    return hours < 48 ? hours + ' h ' + (minutes % 60) + ' min' : Math.floor(hours / 24) + ' days';
  }

  function number(v, unit) {
    if (v === null || v === undefined) {
      return '–';
    }
    return unit === 'fraction' ? (v * 100).toFixed(1) + '%' : String(v);
  }

  function render(s) {
    section.dataset.level = String(s.level);
    section.dataset.evaluating = String(s.evaluating);
    badge.textContent = (SHAPES[s.level] || '') + ' ' + s.levelName + (s.evaluating ? '' : ' (not evaluated yet)');
    since.textContent = 'Since ' + when(s.since) + (s.since ? ' (' + lasted(s.since) + ')' : '');
    description.textContent = s.description;
    why.replaceChildren(...(s.reasons || []).map(r => el('li', {}, r)));
    tbody.replaceChildren(...(s.triggers || []).map(t => {
      const row = el('tr');
      row.dataset.level = String(t.level);
      row.append(el('th', { scope: 'row' }, t.label), el('td', {}, number(t.figure, t.unit) + (t.unit === 'fraction' ? '' : ' ' + t.unit)),
        el('td', {}, 'Level ' + t.level));
      ['2', '3', '4'].forEach(l => row.appendChild(el('td', {}, t.thresholds[l] === null ? 'off' : number(t.thresholds[l], t.unit))));
      row.appendChild(el('td', {}, number(t.margin, t.unit)));
      return row;
    }));
    const items = (s.acknowledgements || []).map(a => el('li', {}, when(a.acknowledgedAt) + ', ' + a.acknowledgedBy + ' (' + a.role + '): ' + a.comment));
    acks.replaceChildren(...(items.length ? items : [el('li', { class: 'none' }, 'None yet.')]));
    submit.textContent = 'Acknowledge level ' + s.level;
  }

  async function refresh() {
    if (!token()) {
      badge.textContent = 'Sign in to see the escalation level.';
      return;
    }
    try {
      const r = await fetch('/escalation', { headers: { Authorization: 'Bearer ' + token() } });
      if (!r.ok) {
        badge.textContent = r.status === 403 ? 'Your role may not see the escalation level.' : 'The escalation level could not be read (' + r.status + ').';
        return;
      }
      render(await r.json());
    } catch (e) {
      badge.textContent = 'The escalation level could not be read: the service is not answering.';
    }
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    result.textContent = 'Sending…';
    try {
      const r = await fetch('/escalation/acknowledgements', {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ comment: comment.value })
      });
      if (r.status === 201) {
        comment.value = '';
        result.textContent = 'Acknowledged.';
        await refresh();
        return;
      }
      const problem = await r.json().catch(() => ({}));
      const fields = (problem.errors || []).map(e => e.field + ' ' + e.message).join('; ');
      result.textContent = r.status === 403 ? 'Only an admin or a commissioner may acknowledge.' : 'Not recorded: ' + (fields || problem.detail || r.status);
    } catch (e) {
      result.textContent = 'Not recorded: the service is not answering.';
    }
  });

  refresh();
  setInterval(refresh, POLL_MS);
})();
