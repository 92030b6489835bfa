// Home First's own view: today's capacity of the caller's services, who waits for them (by locality and service type,
// with wait ages), and a claim action. Scoped to the caller's organisation: only its services are listed, only the
// waiting lists they serve are shown, and the API refuses a claim on another organisation's service (403) anyway.
// No inline script or style: the page runs under a strict Content-Security-Policy.
(function () {
  'use strict';

  // Bearer token: handed over in the URL fragment (never sent to a server, not logged), then kept for this tab only.
  const TOKEN_KEY = 'd2a.token';
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = () => sessionStorage.getItem(TOKEN_KEY);

  /** The token's claims, read only to say who is signed in and which organisation's services to show; the server decides. */
  function claims() {
    try {
      const part = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch (e) {
      return {};
    }
  }

  function signIn(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    const box = document.getElementById('sign-in');
    box.hidden = false;
    box.querySelector('.why').textContent = message;
    document.getElementById('who').textContent = 'Not signed in';
  }

  document.getElementById('sign-in').addEventListener('submit', e => {
    e.preventDefault();
    const value = document.getElementById('token').value.trim();
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
      location.reload();
    }
  });

  async function api(path, init) {
    const options = init || {};
    options.headers = Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {});
    const r = await fetch(path, options);
    if (r.status === 401) { signIn('The token was refused (expired or not valid). Paste a new one.'); }
    return r;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'text') { e.textContent = v; } else if (v !== null && v !== undefined && v !== false) { e.setAttribute(k, v === true ? '' : v); }
    });
    children.flat().forEach(c => e.append(c));
    return e;
  }

  const words = s => s ? s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ') : '';
  const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const date = s => s ? DAY.format(new Date(s + 'T00:00:00Z')) : 'not set';

  /** A wait age in words, and its band for the colour: the words carry the meaning. */
  function age(days) {
    const text = days + (days === 1 ? ' day' : ' days');
    if (days > 14) { return { text: text + ' (over two weeks)', band: 'long' }; }
    if (days > 7) { return { text: text + ' (over a week)', band: 'over-a-week' }; }
    return { text, band: 'recent' };
  }

  function outcome(text, state) {
    const box = document.getElementById('outcome');
    box.textContent = text;
    box.dataset.state = state;
    box.focus();
  }

  let services = [];

  function renderCapacity() {
    const box = document.getElementById('capacity');
    if (!services.length) {
      box.replaceChildren(el('p', { class: 'note', text: 'Your organisation runs no registered service: an administrator registers services.' }));
      return;
    }
    box.replaceChildren(el('table', { id: 'capacity-table' },
      el('caption', { text: 'Today (' + date(services[0].today ? services[0].today.date : null) + '), ' + services.length + (services.length === 1 ? ' service' : ' services') }),
      el('thead', {}, el('tr', {}, ['Service', 'Free', 'Can start today', 'Units', 'Occupied', 'Type', 'Locality'].map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, services.map(s => {
        const t = s.today || { units: 0, occupied: 0, free: 0, claimable: 0 };
        return el('tr', { 'data-service': s.id }, el('th', { scope: 'row', text: s.name }), el('td', { text: String(t.free) }),
          el('td', { text: String(t.claimable) }), el('td', { text: String(t.units) }), el('td', { text: String(t.occupied) }),
          el('td', { text: words(s.serviceType) }), el('td', { text: s.locality }));
      }))));
  }

  /** The claim control of one waiting referral: a button, with a choice of service when the organisation runs several. */
  function claimControl(referral, choices) {
    const open = choices.filter(s => s.today && s.today.claimable > 0);
    if (!open.length) {
      return el('span', { class: 'note', text: 'No unit free today' });
    }
    const row = el('div', { class: 'claim-row' });
    let pick = () => open[0];
    if (open.length > 1) {
      const select = el('select', { 'aria-label': 'Service for referral ' + referral.referralId },
        open.map(s => el('option', { value: s.id, text: s.name + ' (' + s.today.claimable + ' free)' })));
      pick = () => open.find(s => s.id === select.value);
      row.append(select);
    }
    const button = el('button', { type: 'button', class: 'claim', 'data-referral': referral.referralId,
      'aria-label': 'Claim a unit from today for referral ' + referral.referralId }, 'Claim a unit');
    button.addEventListener('click', () => claim(pick(), referral, button));
    row.append(button);
    return row;
  }

  async function claim(service, referral, button) {
    button.disabled = true;
    const headers = { 'Content-Type': 'application/json' };
    if (window.crypto && crypto.randomUUID) { headers['Idempotency-Key'] = crypto.randomUUID(); }
    const r = await api('/services/' + encodeURIComponent(service.id) + '/claims',
      { method: 'POST', headers, body: JSON.stringify({ referralId: referral.referralId }) });
    if (r.status === 201) {
      const c = await r.json();
      outcome('Claimed a unit of ' + service.name + ' for referral ' + referral.referralId + ' from ' + date(c.startDate) + '.', 'ok');
    } else {
      let detail = 'the service answered ' + r.status;
      try { detail = (await r.json()).detail || detail; } catch (e) { /* not a problem document */ }
      outcome('Not claimed: ' + detail, 'refused');
    }
    await load();
  }

  async function renderWaiting() {
    const box = document.getElementById('waiting');
    const groups = {};
    services.forEach(s => (groups[s.locality + '\u0000' + s.serviceType] = groups[s.locality + '\u0000' + s.serviceType] || []).push(s));
    const keys = Object.keys(groups).sort();
    const sections = await Promise.all(keys.map(async key => {
      const [locality, type] = key.split('\u0000');
      const r = await api('/waiting-list?' + new URLSearchParams({ serviceType: type, locality, size: '200' }));
      if (!r.ok) { return el('p', { class: 'note', text: locality + ', ' + words(type) + ': the waiting list could not be read (' + r.status + ').' }); }
      const page = await r.json();
      const id = 'group-' + keys.indexOf(key);
      const heading = el('h3', { id, text: locality + ' · ' + words(type) + ': ' + page.total + ' waiting' });
      if (!page.items.length) {
        return el('section', { class: 'group', 'aria-labelledby': id, 'data-locality': locality, 'data-type': type }, heading,
          el('p', { class: 'note', text: 'Nobody waits.' }));
      }
      const oldest = Math.max(...page.items.map(w => w.daysWaiting));
      return el('section', { class: 'group', 'aria-labelledby': id, 'data-locality': locality, 'data-type': type }, heading,
        el('p', { class: 'note', text: 'Longest wait ' + age(oldest).text + (page.total > page.items.length ? '; the first ' + page.items.length + ' are shown' : '') + '.' }),
        el('div', { class: 'scroll', role: 'region', tabindex: '0', 'aria-labelledby': id },
          el('table', {},
            el('caption', { text: 'Waiting for ' + words(type).toLowerCase() + ' in ' + locality }),
            el('thead', {}, el('tr', {}, ['Referral (pseudonym)', 'Waiting', 'Claim', 'Pathway', 'Site', 'Discharge ready', 'Decided']
              .map(h => el('th', { scope: 'col', text: h })))),
            el('tbody', {}, page.items.map(w => {
              const a = age(w.daysWaiting);
              return el('tr', { 'data-referral': w.referralId }, el('th', { scope: 'row', class: 'id', text: w.referralId }),
                el('td', {}, el('span', { class: 'age', 'data-band': a.band, text: a.text })), el('td', {}, claimControl(w, groups[key])),
                el('td', { text: w.pathway || '' }), el('td', { text: w.site || 'unknown' }), el('td', { text: date(w.dischargeReadyDate) }),
                el('td', { text: date(w.decidedAt) }));
            })))));
    }));
    box.replaceChildren(...sections);
  }

  async function load() {
    const r = await api('/services');
    if (r.status === 403) {
      signIn('This token\'s role may not read capacity: a homefirst (provider) token is needed.');
      return;
    }
    if (!r.ok) { return; }
    const org = claims().org;
    services = (await r.json()).filter(s => s.providerOrganisation === org);
    renderCapacity();
    await renderWaiting();
    document.body.dataset.loaded = String(Date.now());
  }

  if (token()) {
    const c = claims();
    document.getElementById('who').textContent = 'Signed in as ' + (c.upn || c.preferred_username || c.sub || 'a user') + ' of ' + (c.org || 'no organisation');
    load();
    setInterval(load, 30000);
  } else {
    signIn('This page needs a Home First token: deploy/d2a token homefirst <organisation>.');
  }
})();
