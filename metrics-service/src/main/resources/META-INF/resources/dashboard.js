// The D2A dashboard. Tiles and charts are read over REST for the page's state (period per tile, as known at, open
// drill-down), which the address holds so that a link shows the same view; the live SSE stream says when to read again.
// No inline script or style: everything is built with the DOM, so the page runs under a strict Content-Security-Policy.
(function () {
  'use strict';

  // ---- Tiles, periods and the page's state ----

  const TILES = [
    { id: 'discharge-to-usual-residence', figure: 'discharge-to-usual-residence', title: 'Discharge to usual place of residence', kind: 'ratio' },
    { id: 'still-at-home-91', figure: 'still-at-home-91', title: 'Still at home 91 days after reablement', kind: 'ratio' },
    { id: 'length-of-stay', figure: 'length-of-stay', title: 'Acute length of stay (mean)', kind: 'days' },
    { id: 'discharge-delay', figure: 'discharge-delay', title: 'Delay after discharge ready date (mean)', kind: 'days' },
    { id: 'p1-declined', figure: 'capacity-demand', title: 'P1 referrals declined for capacity', kind: 'p1' },
    { id: 'short-term-services', figure: 'short-term-services', title: 'Time in short-term services (mean)', kind: 'days' }
  ];
  const BY_ID = Object.fromEntries(TILES.map(t => [t.id, t]));
  const PERIODS = [
    ['week', 'This week'], ['month', 'This month'], ['quarter', 'This quarter'], ['bcf-year', 'This BCF year (April to March)'],
    ['12-months', 'Last 12 months']
  ];
  const PERIOD_NAMES = Object.fromEntries(PERIODS);
  const DEFAULT_PERIOD = '12-months';

  // The page's state, read from and written to the address (query string; the token never goes there).
  const state = { period: DEFAULT_PERIOD, tiles: {}, asKnownAt: null, open: null };

  function readState() {
    const q = new URLSearchParams(location.search);
    state.period = PERIOD_NAMES[q.get('period')] ? q.get('period') : DEFAULT_PERIOD;
    state.tiles = {};
    TILES.forEach(t => {
      const p = q.get('period.' + t.id);
      if (PERIOD_NAMES[p]) { state.tiles[t.id] = p; }
    });
    const known = q.get('asKnownAt');
    state.asKnownAt = known && !isNaN(Date.parse(known)) ? new Date(known).toISOString() : null;
    state.open = BY_ID[q.get('open')] ? q.get('open') : null;
  }

  function writeState() {
    const q = new URLSearchParams();
    if (state.period !== DEFAULT_PERIOD) { q.set('period', state.period); }
    TILES.forEach(t => { if (state.tiles[t.id]) { q.set('period.' + t.id, state.tiles[t.id]); } });
    if (state.asKnownAt) { q.set('asKnownAt', state.asKnownAt); }
    if (state.open) { q.set('open', state.open); }
    const search = q.toString();
    history.replaceState(null, '', location.pathname + (search ? '?' + search : ''));
    document.getElementById('share-link').href = location.href;
  }

  // Dates: the as-known-at date is the calendar date in Europe/London, as the service counts it.
  const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const knownDate = () => LONDON.format(state.asKnownAt ? new Date(state.asKnownAt) : new Date());
  const utc = iso => new Date(iso + 'T00:00:00Z');
  const iso = d => d.toISOString().slice(0, 10);
  const addDays = (d, n) => new Date(d.getTime() + n * 86400000);
  const monthStart = (d, back) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (back || 0), 1));

  /** The dates of a period preset, ending on the as-known-at date. */
  function periodOf(preset) {
    const end = utc(knownDate());
    let start;
    if (preset === 'week') {
      start = addDays(end, -((end.getUTCDay() + 6) % 7));
    } else if (preset === 'month') {
      start = monthStart(end);
    } else if (preset === 'quarter') {
      start = monthStart(end, end.getUTCMonth() % 3);
    } else if (preset === 'bcf-year') {
      start = new Date(Date.UTC(end.getUTCMonth() >= 3 ? end.getUTCFullYear() : end.getUTCFullYear() - 1, 3, 1));
    } else {
      start = addDays(end, -364);
    }
    return { from: iso(start), to: iso(end) };
  }

  /** The trend behind a tile: twelve weeks for a week, otherwise twelve months, up to the period's end. */
  function trendPeriodOf(preset) {
    const p = periodOf(preset);
    const end = utc(p.to);
    if (preset === 'week') {
      return { from: iso(addDays(utc(p.from), -77)), to: p.to, granularity: 'week' };
    }
    return { from: iso(monthStart(end, 11)), to: p.to, granularity: 'month' };
  }

  const tilePeriod = id => state.tiles[id] || state.period;
  const DATE_TEXT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dateText = s => DATE_TEXT.format(utc(s));

  // ---- Sign-in and reading the API (shared: /d2a/page.js) ----

  const { token, api, el, svg, table } = window.D2A;
  window.D2A.setup({
    forbidden: 'This token\'s role may not read the figures: a commissioner token is needed.',
    signedOut: () => {
      const freshness = document.getElementById('freshness');
      freshness.dataset.state = 'stale';
      freshness.textContent = 'Not signed in';
    }
  });

  async function json(path) {
    const r = await api(path);
    return r.ok ? r.json() : null;
  }

  function query(params) {
    const q = new URLSearchParams();
    Object.entries(params).forEach(([k, v]) => { if (v !== null && v !== undefined) { q.set(k, v); } });
    return q.toString();
  }

  const pct = v => v === null || v === undefined ? '–' : (Number(v) * 100).toFixed(1) + '%';
  const days = v => v === null || v === undefined ? '–' : Number(v).toFixed(1) + ' days';
  const shown = (tile, v) => tile.kind === 'days' ? days(v) : pct(v);

  // ---- Targets and status ----

  let targets = {};

  async function loadTargets() {
    const t = await json('/figures/targets');
    targets = {};
    ((t && t.targets) || []).forEach(x => (targets[x.figure] = targets[x.figure] || []).push(x));
  }

  const targetName = t => t.name === 'plan' ? 'Plan target' : t.name.charAt(0).toUpperCase() + t.name.slice(1);
  const meets = (t, v) => t.better === 'lower' ? Number(v) <= Number(t.value) : Number(v) >= Number(t.value);

  /** The status of a value against a tile's first (plan) target: words, an icon and a state for the colour. */
  function status(tile, value) {
    const list = targets[tile.id] || [];
    if (value === null || value === undefined) {
      return { state: 'unknown', icon: '?', words: 'No figure: nothing in the period' };
    }
    if (!list.length) {
      return { state: 'none', icon: '–', words: 'No target set' };
    }
    const t = list[0];
    if (meets(t, value)) {
      return { state: 'met', icon: '✓', words: 'On target (' + targetName(t).toLowerCase() + ' ' + shown(tile, t.value) + ')' };
    }
    return { state: 'missed', icon: '!', words: (t.better === 'lower' ? 'Above' : 'Below') + ' ' + targetName(t).toLowerCase() + ' ('
      + shown(tile, t.value) + ')' };
  }

  // ---- Tiles ----

  function buildTiles() {
    const box = document.getElementById('tiles');
    TILES.forEach(t => {
      const periodSelect = el('select', { id: 'period-' + t.id, class: 'tile-period' },
        el('option', { value: '', text: 'As the page' }), PERIODS.map(([v, label]) => el('option', { value: v, text: label })));
      periodSelect.addEventListener('change', () => {
        if (periodSelect.value) { state.tiles[t.id] = periodSelect.value; } else { delete state.tiles[t.id]; }
        writeState();
        refresh(true);
      });
      const drill = el('button', { type: 'button', class: 'drill', 'aria-haspopup': 'dialog', 'data-tile': t.id },
        'Referrals behind this figure');
      drill.addEventListener('click', () => openDrillDown(t.id, drill));
      box.append(el('article', { class: 'tile', id: 'tile-' + t.id, 'data-kind': t.kind, 'data-status': 'unknown', 'aria-labelledby': 'title-' + t.id },
        el('h3', { id: 'title-' + t.id, text: t.title }),
        el('div', { class: 'value', text: '–' }),
        el('div', { class: 'detail' }),
        el('p', { class: 'status' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: '?' }), ' ', el('span', { class: 'words', text: 'Loading' })),
        el('ul', { class: 'targets', 'aria-label': 'Targets' }),
        el('div', { class: 'period-row' }, el('label', { for: 'period-' + t.id, text: 'Period' }), periodSelect),
        el('p', { class: 'period-text' }),
        el('div', { class: 'trend' }),
        drill));
    });
  }

  function renderTile(t, figure) {
    const tile = document.getElementById('tile-' + t.id);
    const p = periodOf(tilePeriod(t.id));
    tile.querySelector('.period-text').textContent = PERIOD_NAMES[tilePeriod(t.id)] + ': ' + dateText(p.from) + ' to ' + dateText(p.to);
    document.getElementById('period-' + t.id).value = state.tiles[t.id] || '';
    if (!figure) { return; }
    let value = null;
    let detail = '';
    if (t.kind === 'ratio') {
      value = figure.value;
      tile.dataset.numerator = figure.numerator;
      tile.dataset.denominator = figure.denominator;
      detail = figure.numerator + ' of ' + figure.denominator
        + (figure.incomplete && figure.incomplete.missingFollowUps ? ' · ' + figure.incomplete.missingFollowUps + ' missing follow-ups' : '')
        + (figure.measures && figure.measures.pending ? ' · ' + figure.measures.pending + ' not yet at day 91' : '');
    } else if (t.kind === 'p1') {
      const d = figure.measures.p1DeclinedForCapacity;
      value = d.value;
      tile.dataset.numerator = d.numerator;
      tile.dataset.denominator = d.denominator;
      detail = d.numerator + ' of ' + d.denominator + ' P1 referrals declined';
    } else {
      const m = figure.measures || {};
      value = t.id === 'discharge-delay' ? m.meanDelay : m.mean;
      tile.dataset.numerator = '';
      tile.dataset.denominator = m.count !== undefined ? m.count : '';
      if (t.id === 'length-of-stay') {
        detail = 'median ' + days(m.median) + ' · ' + pct(m.shareAtLeast21) + ' stayed 21+ days · ' + m.count + ' discharges';
      } else if (t.id === 'discharge-delay') {
        detail = pct(m.shareOnDrd) + ' left on the day · ' + m.bedDaysLost + ' bed days lost';
      } else {
        detail = 'median ' + days(m.median) + ' · ' + m.count + ' ended';
      }
    }
    tile.querySelector('.value').textContent = shown(t, value);
    tile.querySelector('.detail').textContent = detail;
    const s = status(t, value);
    tile.dataset.status = s.state;
    tile.querySelector('.status .icon').textContent = s.icon;
    tile.querySelector('.status .words').textContent = s.words;
    const list = tile.querySelector('.targets');
    list.replaceChildren(...(targets[t.id] || []).map(x => el('li', {
      text: targetName(x) + ': ' + shown(t, x.value) + (value === null || value === undefined ? '' : meets(x, value) ? ' (met)' : ' (not met)')
    })));
  }

  /** A tile's trend (for the P1 tile, the share declined: the trend endpoint's value for capacity-demand): a line with its targets drawn, and the same points as a table. */
  function renderTrend(t, trend) {
    const box = document.getElementById('tile-' + t.id).querySelector('.trend');
    if (!trend) { return; }
    const points = trend.points;
    const goals = targets[t.id] || [];
    const values = points.map(p => p.value === null || p.value === undefined ? null : Number(p.value));
    const all = values.filter(v => v !== null).concat(goals.map(g => Number(g.value)));
    const lo = all.length ? Math.min(...all) : 0;
    const hi = all.length ? Math.max(...all) : 1;
    const span = hi - lo || 1;
    const W = 240;
    const H = 60;
    const x = i => points.length < 2 ? W / 2 : 4 + i * (W - 8) / (points.length - 1);
    const y = v => H - 6 - (v - lo) / span * (H - 12);
    const describe = 'Trend by ' + trend.granularity + ', ' + points.length + ' points from ' + dateText(points[0].from) + ' to '
      + dateText(points[points.length - 1].to) + (goals.length ? ', with ' + goals.map(g => targetName(g).toLowerCase()).join(' and ') + ' drawn dashed' : '')
      + '. The table below gives the values.';
    const chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'spark', role: 'img', 'aria-label': describe, preserveAspectRatio: 'none' });
    goals.forEach((g, i) => chart.append(svg('line', { class: 'goal goal-' + i, x1: 0, x2: W, y1: y(Number(g.value)), y2: y(Number(g.value)) })));
    let path = '';
    values.forEach((v, i) => { if (v !== null) { path += (path && values[i - 1] !== null ? ' L' : ' M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1); } });
    if (path) { chart.append(svg('path', { class: 'line', d: path.trim() })); }
    values.forEach((v, i) => { if (v !== null) { chart.append(svg('circle', { class: 'dot', cx: x(i), cy: y(v), r: 2 })); } });
    const rows = points.map(p => [dateText(p.from) + ' to ' + dateText(p.to), shown(t, p.value),
      p.numerator !== null && p.numerator !== undefined ? p.numerator + ' of ' + p.denominator : '']);
    box.replaceChildren(chart, el('details', { class: 'trend-table' }, el('summary', { text: 'Trend as a table' }),
      el('div', { class: 'scroll', role: 'region', tabindex: '0', 'aria-label': t.title + ': trend table' },
        table(t.title + ' by ' + trend.granularity, ['Period', 'Value', 'Of'], rows))));
  }

  // ---- Charts (Chart.js draws; each has a table beside it) ----

  const charts = {};
  function chart(id, config, rows) {
    if (charts[id]) { charts[id].destroy(); }
    document.getElementById(id + '-box').classList.toggle('tall', rows > 6);
    charts[id] = new Chart(document.getElementById(id), config);
  }

  function drawCapacity(measures) {
    const byLocality = {};
    (measures.services || []).forEach(s => {
      const last = s.series[s.series.length - 1] || {};
      const l = byLocality[s.locality] || (byLocality[s.locality] = { units: 0, occupied: 0, declines: 0, waiting: 0 });
      l.units += Number(last.meanUnits !== undefined ? last.meanUnits : last.units || 0);
      l.occupied += Number(last.meanOccupied !== undefined ? last.meanOccupied : last.occupied || 0);
      l.declines += Number(last.declines || 0);
    });
    (measures.waitingList || []).forEach(w => {
      const l = byLocality[w.locality] || (byLocality[w.locality] = { units: 0, occupied: 0, declines: 0, waiting: 0 });
      l.waiting += w.size;
    });
    const labels = Object.keys(byLocality).sort();
    const round = v => Math.round(v * 10) / 10;
    chart('capacity', {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Declared units', data: labels.map(l => round(byLocality[l].units)) },
        { label: 'Occupied', data: labels.map(l => round(byLocality[l].occupied)) },
        { label: 'Waiting', data: labels.map(l => byLocality[l].waiting) },
        { label: 'Declined (week)', data: labels.map(l => byLocality[l].declines) }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y' }
    }, labels.length);
    document.getElementById('capacity-table').replaceChildren(table('Capacity against demand by locality',
      ['Locality', 'Declared units', 'Occupied', 'Waiting', 'Declined (week)'],
      labels.map(l => [l, String(round(byLocality[l].units)), String(round(byLocality[l].occupied)), String(byLocality[l].waiting),
        String(byLocality[l].declines)])));
  }

  const NATIONAL = { P0: 0.50, P1: 0.45, P2: 0.04, P3: 0.01 };
  function drawMix(measures) {
    const older = measures.decisionsAged65Plus || {};
    const labels = ['P0', 'P1', 'P2', 'P3'];
    const local = p => older[p] && older[p].share !== null && older[p].share !== undefined ? Number(older[p].share) : null;
    chart('mix', {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Local decisions (65+) %', data: labels.map(p => local(p) === null ? 0 : local(p) * 100) },
        { label: 'National planning proportion %', data: labels.map(p => NATIONAL[p] * 100) }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { title: { display: true, text: '%' } } } }
    }, 4);
    document.getElementById('mix-table').replaceChildren(table('Pathway mix, people 65 and over', ['Pathway', 'Local decisions', 'National planning proportion'],
      labels.map(p => [p, pct(local(p)) + (older[p] && older[p].count !== undefined ? ' (' + older[p].count + ')' : ''), pct(NATIONAL[p])])));
  }

  // ---- Reading the figures for the page's state ----

  let refreshing = null;
  let again = null;
  let trendsRead = 0;

  /** Reads every tile (for its period) and the charts (for the page's period); trends too when asked or a minute old. */
  async function refresh(withTrends) {
    if (refreshing) { again = { withTrends: !!withTrends || !!(again && again.withTrends) }; return refreshing; }
    refreshing = (async () => {
      const known = state.asKnownAt;
      const page = periodOf(state.period);
      const headlines = await json('/figures?' + query({ from: page.from, to: page.to, asKnownAt: known }));
      if (headlines) {
        if (headlines['capacity-demand']) { drawCapacity(headlines['capacity-demand'].measures); }
        if (headlines['pathway-mix']) { drawMix(headlines['pathway-mix'].measures); }
      }
      await Promise.all(TILES.map(async t => {
        let figure = headlines && !state.tiles[t.id] ? headlines[t.figure] : null;
        if (!figure && headlines !== null) {
          const p = periodOf(tilePeriod(t.id));
          figure = await json('/figures/' + t.figure + '?' + query({ from: p.from, to: p.to, asKnownAt: known }));
        }
        renderTile(t, figure);
      }));
      const trendsDue = withTrends || Date.now() - trendsRead > 60000;
      if (trendsDue && headlines) {
        trendsRead = Date.now();
        await Promise.all(TILES.map(async t => {
          const p = trendPeriodOf(tilePeriod(t.id));
          renderTrend(t, await json('/figures/' + t.figure + '/trend?' + query({ from: p.from, to: p.to, asKnownAt: known, granularity: p.granularity })));
        }));
      }
      document.getElementById('as-known-text').textContent = known
        ? 'As known at ' + new Date(known).toLocaleString('en-GB', { timeZone: 'Europe/London' }) + ' (London time): events recorded later are left out; live updates are paused.'
        : 'As known now: the figures follow the live stream.';
    })();
    try {
      await refreshing;
    } finally {
      refreshing = null;
      if (again) { const next = again; again = null; refresh(next.withTrends); }
    }
  }

  // ---- Drill-down: a dialog with the referrals behind a tile, by keyboard as by mouse ----

  const dialog = document.getElementById('drill-down');
  let opener = null;

  const LIST_NAMES = {
    numerator: 'In the numerator', counted: 'Counted', denominator: 'Counted, not in the numerator', p1Declined: 'P1, declined for capacity',
    p1Decided: 'P1, not declined', excludedDeaths: 'Left out: died', excludedUnfinishedSpells: 'Left out: spell not finished',
    destinationNotKnown: 'Destination not known (99)', dischargedWithoutSubmission: 'Not counted: submission not known',
    pending: 'Not counted: day 91 not reached', missingFollowUps: 'Counted as not at home: no follow-up'
  };

  /** Rows of (referral, how it counts): each referral once, under the first list that names it. */
  function drillRows(t, referrals) {
    const lists = [];
    if (t.kind === 'p1') {
      const other = referrals.other || {};
      lists.push(['p1Declined', other.p1Declined || []], ['p1Decided', other.p1Decided || []]);
    } else {
      lists.push(['numerator', referrals.numerator || []], [t.kind === 'ratio' ? 'denominator' : 'counted', referrals.denominator || []]);
      Object.entries(referrals.other || {}).forEach(e => lists.push(e));
    }
    const seen = new Set();
    const rows = [];
    lists.forEach(([name, ids]) => ids.forEach(id => {
      if (!seen.has(id)) { seen.add(id); rows.push([id, LIST_NAMES[name] || name]); }
    }));
    return rows;
  }

  const MAX_ROWS = 500;
  async function openDrillDown(id, from) {
    const t = BY_ID[id];
    opener = from || document.querySelector('#tile-' + id + ' .drill');
    state.open = id;
    writeState();
    const p = periodOf(tilePeriod(id));
    document.getElementById('drill-title').textContent = t.title + ': referrals';
    document.getElementById('drill-about').textContent = 'Loading…';
    const body = document.getElementById('drill-body');
    body.replaceChildren();
    if (!dialog.open) { dialog.showModal(); }
    const d = await json('/figures/' + t.figure + '/drill-down?' + query({ from: p.from, to: p.to, asKnownAt: state.asKnownAt }));
    if (!d || !dialog.open || state.open !== id) { return; }
    const rows = drillRows(t, d.referrals || {});
    document.getElementById('drill-about').textContent = PERIOD_NAMES[tilePeriod(id)] + ', ' + dateText(p.from) + ' to ' + dateText(p.to)
      + '. Referral ids are pseudonyms: they name no person, and only a coordinator can open the referral.'
      + (rows.length > MAX_ROWS ? ' The first ' + MAX_ROWS + ' of ' + rows.length + ' are shown; the API gives all.' : '');
    const tbl = table(rows.length + ' referrals behind "' + t.title + '"', ['Referral id (pseudonym)', 'How it counts'], rows.slice(0, MAX_ROWS));
    tbl.setAttribute('tabindex', '-1');
    tbl.id = 'drill-table';
    body.replaceChildren(tbl);
    tbl.focus();
  }

  document.getElementById('drill-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    state.open = null;
    writeState();
    if (opener && document.contains(opener)) { opener.focus(); }
    opener = null;
  });

  // ---- Page controls ----

  const pagePeriod = document.getElementById('page-period');
  PERIODS.forEach(([v, label]) => pagePeriod.append(el('option', { value: v, text: label })));
  pagePeriod.addEventListener('change', () => {
    state.period = pagePeriod.value;
    writeState();
    refresh(true);
  });

  const knownInput = document.getElementById('as-known-at');
  const pad = n => String(n).padStart(2, '0');
  const localInput = d => d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':'
    + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  knownInput.addEventListener('change', () => {
    const when = knownInput.value ? new Date(knownInput.value) : null;
    state.asKnownAt = when && !isNaN(when.getTime()) ? when.toISOString() : null;
    writeState();
    refresh(true);
  });
  document.getElementById('as-known-now').addEventListener('click', () => {
    knownInput.value = '';
    state.asKnownAt = null;
    writeState();
    refresh(true);
  });

  function showState() {
    pagePeriod.value = state.period;
    knownInput.value = state.asKnownAt ? localInput(new Date(state.asKnownAt)) : '';
    document.getElementById('share-link').href = location.href;
  }

  // ---- Live stream: freshness, and a new read of the figures when one changes (unless the page is as known at a past instant) ----

  // The stream sends one event per changed headline figure, its id <figure>.<content hash>; a reconnect names the ids it has
  // (seen=) and is sent only what changed meanwhile. The tiles are read over REST for the page's period, so a frame only says when.
  let latest = null;
  let lastMessage = 0;
  let refreshSoon = null;
  const seen = {};

  function onStatus(status) {
    latest = Object.assign(latest || {}, status);
    lastMessage = Date.now();
    updateFreshness();
  }

  function onFrame(id, frame) {
    seen[id.slice(0, id.lastIndexOf('.'))] = id;
    onStatus({ logPosition: frame.positions });
    // The headline frames of one change arrive together: one read of the tiles for all of them.
    if (!state.asKnownAt && !refreshSoon) {
      refreshSoon = setTimeout(() => { refreshSoon = null; refresh(false); }, 50);
    }
  }

  function updateFreshness() {
    const freshness = document.getElementById('freshness');
    if (!latest) { return; }
    const newest = latest.newestEventRecordedAt ? new Date(latest.newestEventRecordedAt) : null;
    const position = Object.values(latest.logPosition || {}).reduce((a, b) => a + b, 0);
    const age = newest ? Math.max(0, Math.round((Date.now() - newest.getTime()) / 1000)) : null;
    freshness.dataset.state = 'live';
    freshness.textContent = 'Live · log position ' + position + (latest.eventsApplied !== undefined ? ' · ' + latest.eventsApplied + ' events' : '')
      + (newest ? ' · newest event recorded ' + newest.toLocaleString('en-GB') + ' (' + age + ' s ago)' : '');
  }

  // Server-sent events read with fetch, because EventSource cannot send an Authorization header.
  async function connect() {
    try {
      const ids = Object.values(seen);
      const r = await api('/figures/stream' + (ids.length ? '?seen=' + encodeURIComponent(ids.join(',')) : ''));
      if (r.status === 401 || r.status === 403) { return; }
      if (!r.ok || !r.body) { throw new Error('stream answered ' + r.status); }
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        // Anything, a keep-alive comment too, says the stream is open.
        lastMessage = Date.now();
        if (latest) { updateFreshness(); }
        buffer += value;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const lines = buffer.slice(0, end).split(/\r?\n/);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          const field = name => lines.filter(l => l.startsWith(name + ':')).map(l => l.slice(name.length + 1).replace(/^ /, '')).join('\n');
          const data = field('data');
          if (data && field('event') === 'figure') { onFrame(field('id'), JSON.parse(data)); }
        }
      }
    } catch (e) {
      // Dropped or refused: say so and try again shortly.
    }
    if (!token()) { return; }
    const freshness = document.getElementById('freshness');
    freshness.dataset.state = 'stale';
    freshness.textContent = 'Reconnecting to the live stream…';
    setTimeout(connect, 2000);
  }

  // If the stream has been quiet for longer than its keep-alive (a proxy holding it, a reconnect loop), read the latest over REST.
  async function pollWhenQuiet() {
    if (Date.now() - lastMessage < 40000 || !token()) { return; }
    const snapshot = await json('/figures/live');
    if (snapshot) {
      onStatus(snapshot);
      if (!state.asKnownAt) { refresh(false); }
    }
  }

  // ---- Start ----

  readState();
  buildTiles();
  showState();
  TILES.forEach(t => renderTile(t, null));
  writeState();
  if (token()) {
    loadTargets().then(() => refresh(true)).then(() => { if (state.open) { openDrillDown(state.open, null); } });
    connect();
  } else {
    window.D2A.signIn('The figures need a commissioner token: deploy/d2a up prints a signed-in link, or run deploy/d2a token commissioner.');
  }
  setInterval(pollWhenQuiet, 4000);
  setInterval(updateFreshness, 5000);
})();
