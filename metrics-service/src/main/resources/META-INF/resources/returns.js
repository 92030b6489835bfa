// The national returns (README "Returns"): each return the service produces, with a period and an as-known-at instant to
// download it as CSV. The API wants a bearer token, which a plain link cannot carry, so a download link fetches the file
// with the page's token (session storage) and saves it; its href is the API address, for the record. No inline script or
// style: it works under the page's strict CSP.
(function () {
  'use strict';
  const section = document.getElementById('returns');
  if (!section || !window.D2A) {
    return;
  }
  const { api, el } = window.D2A;
  const style = el('link', { rel: 'stylesheet', href: 'returns.css' });
  document.head.appendChild(style);

  const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const pad = n => String(n).padStart(2, '0');

  /** A sensible period to start from, by the kind of period the return is asked for: the last complete one. */
  function defaultPeriod(description) {
    const today = LONDON.format(new Date());
    const [y, m] = today.split('-').map(Number);
    if (description.includes('yyyy-Www')) {
      // The ISO week (Monday to Sunday) of the day a week ago: the last complete one. Its Thursday names its year, and the
      // Thursday of week n is among days 7n-6 to 7n of that year.
      const thursday = new Date(today + 'T00:00:00Z');
      thursday.setUTCDate(thursday.getUTCDate() - 7 + 3 - (thursday.getUTCDay() + 6) % 7);
      const year = thursday.getUTCFullYear();
      const dayOfYear = Math.round((thursday - Date.UTC(year, 0, 1)) / 86400000) + 1;
      return year + '-W' + pad(Math.ceil(dayOfYear / 7));
    }
    if (description.includes('yyyy-MM-dd')) {
      const d = new Date(today + 'T00:00:00Z');
      d.setUTCDate(d.getUTCDate() - 1);
      return d.toISOString().slice(0, 10);
    }
    if (description.includes('yyyy-MM)')) {
      return m === 1 ? (y - 1) + '-12' : y + '-' + pad(m - 1);
    }
    const fyStart = m >= 4 ? y : y - 1;
    if (description.includes('Q1')) {
      const q = Math.floor(((m + 8) % 12) / 3) + 1; // April-June is Q1
      const prev = q === 1 ? 4 : q - 1;
      const start = q === 1 ? fyStart - 1 : fyStart;
      return start + '-' + pad((start + 1) % 100) + '-Q' + prev;
    }
    return (fyStart - 1) + '-' + pad(fyStart % 100);
  }

  section.setAttribute('aria-labelledby', 'returns-title');
  const title = el('h2', { id: 'returns-title', class: 'section-heading', text: 'Returns' });
  const about = el('p', { class: 'note', text: 'Each national return for a period, as known at an instant: the same instant always gives '
    + 'the same file, whatever was recorded since. Counts only.' });
  const knownLabel = el('label', { for: 'returns-known', text: 'As known at (blank: now)' });
  const known = el('input', { id: 'returns-known', type: 'datetime-local', step: '1' });
  const knownBox = el('div', { class: 'returns-known' }, knownLabel, known);
  const list = el('ul', { class: 'returns-list', id: 'returns-list' });
  const result = el('p', { class: 'returns-result', id: 'returns-result', role: 'status', 'aria-live': 'polite' });
  section.append(title, about, knownBox, list, result);

  function address(name, period) {
    const q = new URLSearchParams({ period: period });
    if (known.value) {
      const when = new Date(known.value);
      if (!isNaN(when.getTime())) { q.set('asKnownAt', when.toISOString()); }
    }
    return '/returns/' + encodeURIComponent(name) + '?' + q.toString();
  }

  /** Saves an answer's body as a file of that name, as a download link would. */
  async function save(response, filename) {
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: filename, hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /** The two formats a return downloads in: the Accept type asked for and the file's extension. */
  const FORMATS = [
    { label: 'CSV', cls: 'returns-csv', accept: 'text/csv', ext: 'csv' },
    { label: 'xlsx', cls: 'returns-xlsx', accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' }
  ];

  async function download(event, name, input, link, format) {
    event.preventDefault();
    link.href = address(name, input.value.trim());
    result.textContent = 'Fetching ' + name + ' for ' + input.value.trim() + '…';
    try {
      const r = await api(link.getAttribute('href'), { headers: { Accept: format.accept } });
      if (!r.ok) {
        const problem = await r.json().catch(() => ({}));
        const fields = (problem.errors || []).map(e => e.field + ' ' + e.message).join('; ');
        result.textContent = 'Not fetched: ' + (fields || problem.detail || ('HTTP ' + r.status));
        return;
      }
      const filename = name + '-' + input.value.trim() + '.' + format.ext;
      await save(r, filename);
      result.textContent = 'Saved ' + filename;
    } catch (e) {
      result.textContent = 'Not fetched: ' + e.message;
    }
  }

  function show(returns) {
    list.replaceChildren();
    returns.forEach(r => {
      const id = 'return-period-' + r.name;
      const input = el('input', { id: id, type: 'text', value: defaultPeriod(r.period), spellcheck: 'false', autocomplete: 'off',
        'aria-describedby': id + '-hint' });
      const hint = el('span', { id: id + '-hint', class: 'hint', text: r.period });
      const links = FORMATS.map(format => {
        const link = el('a', { class: format.cls + ' returns-file', href: address(r.name, input.value), 'data-return': r.name },
          format.label, el('span', { class: 'visually-hidden', text: ' of the ' + r.title }));
        link.addEventListener('click', e => download(e, r.name, input, link, format));
        return link;
      });
      input.addEventListener('change', () => links.forEach(link => { link.href = address(r.name, input.value.trim()); }));
      const columns = el('a', { href: '/returns/' + encodeURIComponent(r.name) + '/columns', class: 'returns-columns' }, 'Columns',
        el('span', { class: 'visually-hidden', text: ' of the ' + r.title }));
      columns.addEventListener('click', async e => {
        e.preventDefault();
        const c = await api(columns.getAttribute('href'));
        if (c.ok) {
          await save(c, r.name + '-columns.md');
        }
      });
      list.append(el('li', { class: 'return', 'data-return': r.name },
        el('h3', { text: r.title }),
        el('p', { class: 'return-meta', text: r.name + ' · layout ' + r.layoutVersion }),
        el('div', { class: 'returns-period' }, el('label', { for: id, text: 'Period' }), input, hint),
        el('p', { class: 'returns-links' }, 'Download: ', links[0], ' · ', links[1], ' · ', columns)));
    });
  }

  async function load() {
    if (!window.D2A.token()) {
      return;
    }
    try {
      const r = await api('/returns', { headers: { Accept: 'application/json' } });
      if (r.ok) {
        show(await r.json());
        known.addEventListener('change', () => list.querySelectorAll('li.return').forEach(li => {
          li.querySelectorAll('.returns-file').forEach(link => {
            link.href = address(li.dataset.return, li.querySelector('input').value.trim());
          });
        }));
        return;
      }
      result.textContent = 'The returns could not be listed (HTTP ' + r.status + ').';
    } catch (e) {
      result.textContent = 'The returns could not be listed: ' + e.message;
    }
  }

  load();
})();
