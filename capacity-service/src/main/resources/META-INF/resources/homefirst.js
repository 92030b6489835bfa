// Home First's own view: today's capacity of the caller's services, who waits for them (by locality and service type,
// with wait ages), and a claim action. Scoped to the caller's organisation: only its services are listed, only the
// waiting lists they serve are shown, and the API refuses a claim on another organisation's service (403) anyway.
// No inline script or style: the page runs under a strict Content-Security-Policy.
(function () {
  'use strict';

  const { token, api, claims, el, table } = window.D2A;
  window.D2A.setup({ signedOut: () => { document.getElementById('who').textContent = 'Not signed in'; } });

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
    box.replaceChildren(table('Today (' + date(services[0].today ? services[0].today.date : null) + '), ' + services.length
      + (services.length === 1 ? ' service' : ' services'), ['Service', 'Free', 'Can start today', 'Units', 'Occupied', 'Type', 'Locality'],
    services.map(s => {
      const t = s.today || { units: 0, occupied: 0, free: 0, claimable: 0 };
      return { attrs: { 'data-service': s.id }, cells: [s.name, t.free, t.claimable, t.units, t.occupied, words(s.serviceType), s.locality] };
    }), { id: 'capacity-table' }));
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
          table('Waiting for ' + words(type).toLowerCase() + ' in ' + locality,
            ['Referral (pseudonym)', 'Waiting', 'Claim', 'Pathway', 'Site', 'Discharge ready', 'Decided'],
            page.items.map(w => {
              const a = age(w.daysWaiting);
              return { attrs: { 'data-referral': w.referralId }, cells: [el('span', { class: 'id', text: w.referralId }),
                el('span', { class: 'age', 'data-band': a.band, text: a.text }), claimControl(w, groups[key]), w.pathway || '',
                w.site || 'unknown', date(w.dischargeReadyDate), date(w.decidedAt)] };
            }))));
    }));
    box.replaceChildren(...sections);
  }

  async function load() {
    const r = await api('/services');
    if (r.status === 403) {
      window.D2A.signIn('This token\'s role may not read capacity: a homefirst (provider) token is needed.');
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
    window.D2A.signIn('This page needs a Home First token: deploy/d2a token homefirst <organisation>.');
  }
})();
