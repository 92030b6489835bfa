// The D2A dashboard: headline tiles from the live SSE stream, charts from the REST figures.
(function () {
  'use strict';
  const charts = {};
  let latest = null;
  let granularity = 'week';

  // Bearer token: handed over in the URL fragment (never sent to a server, not logged), then kept for this tab only.
  const TOKEN_KEY = 'd2a.token';
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = () => sessionStorage.getItem(TOKEN_KEY);

  function signIn(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    const box = document.getElementById('sign-in');
    box.hidden = false;
    box.querySelector('.why').textContent = message;
    const el = document.getElementById('freshness');
    el.dataset.state = 'stale';
    el.textContent = 'Not signed in';
  }

  document.getElementById('sign-in').addEventListener('submit', e => {
    e.preventDefault();
    const value = document.getElementById('token').value.trim();
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
      location.reload();
    }
  });

  // Every read carries the token; a 401 or 403 sends the user back to the sign-in box.
  async function api(path) {
    const r = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
    if (r.status === 401) { signIn('The token was refused (expired or not valid). Paste a new one.'); }
    if (r.status === 403) { signIn('This token\'s role may not read the figures: a commissioner token is needed.'); }
    return r;
  }

  const pct = v => v === null || v === undefined ? '–' : (Number(v) * 100).toFixed(1) + '%';
  const days = v => v === null || v === undefined ? '–' : Number(v).toFixed(1) + ' d';

  function setTile(id, value, detail, target) {
    const tile = document.getElementById(id);
    if (!tile) { return; }
    tile.querySelector('.value').textContent = value;
    tile.querySelector('.detail').textContent = detail || '';
    const t = tile.querySelector('.target');
    if (t) {
      t.textContent = target ? target.text : '';
      t.className = 'target' + (target ? (target.met ? ' met' : ' missed') : '');
    }
  }

  function ratioTile(id, figure, targets) {
    if (!figure) { return; }
    const tile = document.getElementById('tile-' + id);
    tile.dataset.numerator = figure.numerator;
    tile.dataset.denominator = figure.denominator;
    const target = targets && targets[id] ? Number(targets[id]) : null;
    const detail = figure.numerator + ' of ' + figure.denominator
      + (figure.incomplete && figure.incomplete.missingFollowUps ? ' · ' + figure.incomplete.missingFollowUps + ' missing follow-ups' : '')
      + (figure.measures && figure.measures.pending ? ' · ' + figure.measures.pending + ' pending' : '');
    setTile('tile-' + id, pct(figure.value), detail,
      target === null || figure.value === null || figure.value === undefined ? null
        : { text: 'target ' + pct(target), met: Number(figure.value) >= target });
  }

  function render(snapshot) {
    const first = latest === null;
    latest = snapshot;
    if (first) { drawTrend(); }
    const f = snapshot.figures || {};
    ratioTile('discharge-to-usual-residence', f['discharge-to-usual-residence'], snapshot.targets);
    ratioTile('still-at-home-91', f['still-at-home-91'], snapshot.targets);
    const los = f['length-of-stay'];
    if (los) {
      setTile('tile-length-of-stay', days(los.measures.mean), 'median ' + days(los.measures.median) + ' · '
        + pct(los.measures.shareAtLeast21) + ' stayed 21+ days · ' + los.measures.count + ' discharges');
    }
    const delay = f['discharge-delay'];
    if (delay) {
      setTile('tile-discharge-delay', days(delay.measures.meanDelay), pct(delay.measures.shareOnDrd) + ' left on the day · '
        + delay.measures.bedDaysLost + ' bed days lost');
    }
    const cap = f['capacity-demand'];
    if (cap) {
      const d = cap.measures.p1DeclinedForCapacity;
      setTile('tile-p1-declined', pct(d.value), d.numerator + ' of ' + d.denominator + ' P1 referrals');
      drawCapacity(cap.measures);
    }
    const sts = f['short-term-services'];
    if (sts) {
      setTile('tile-short-term-services', days(sts.measures.mean), 'median ' + days(sts.measures.median) + ' · '
        + sts.measures.count + ' ended');
    }
    const mix = f['pathway-mix'];
    if (mix) { drawMix(mix.measures); }
    updateFreshness();
  }

  function updateFreshness() {
    const el = document.getElementById('freshness');
    if (!latest) { return; }
    const newest = latest.newestEventRecordedAt ? new Date(latest.newestEventRecordedAt) : null;
    const position = Object.values(latest.logPosition || {}).reduce((a, b) => a + b, 0);
    const age = newest ? Math.max(0, Math.round((Date.now() - newest.getTime()) / 1000)) : null;
    el.dataset.state = 'live';
    el.textContent = 'Live · ' + latest.eventsApplied + ' events (log position ' + position + ')'
      + (newest ? ' · newest event recorded ' + newest.toLocaleString() + ' (' + age + ' s ago)' : ' · no events yet');
  }

  function chart(id, config) {
    if (charts[id]) { charts[id].destroy(); }
    charts[id] = new Chart(document.getElementById(id), config);
  }

  function drawCapacity(measures) {
    const byLocality = {};
    (measures.services || []).forEach(s => {
      const last = s.series[s.series.length - 1] || {};
      const l = byLocality[s.locality] || (byLocality[s.locality] = { units: 0, occupied: 0, declines: 0 });
      l.units += Number(last.meanUnits !== undefined ? last.meanUnits : last.units || 0);
      l.occupied += Number(last.meanOccupied !== undefined ? last.meanOccupied : last.occupied || 0);
      l.declines += Number(last.declines || 0);
    });
    (measures.waitingList || []).forEach(w => {
      const l = byLocality[w.locality] || (byLocality[w.locality] = { units: 0, occupied: 0, declines: 0 });
      l.waiting = (l.waiting || 0) + w.size;
    });
    const labels = Object.keys(byLocality).sort();
    chart('capacity', {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Declared units', data: labels.map(l => byLocality[l].units) },
        { label: 'Occupied', data: labels.map(l => byLocality[l].occupied) },
        { label: 'Waiting', data: labels.map(l => byLocality[l].waiting || 0) },
        { label: 'Declined (week)', data: labels.map(l => byLocality[l].declines) }] },
      options: { animation: false, responsive: true }
    });
  }

  function drawMix(measures) {
    const older = measures.decisionsAged65Plus;
    const labels = ['P0', 'P1', 'P2', 'P3'];
    const national = { P0: 0.50, P1: 0.45, P2: 0.04, P3: 0.01 };
    chart('mix', {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Local decisions (65+)', data: labels.map(p => older[p] && older[p].share !== null ? Number(older[p].share) * 100 : 0) },
        { label: 'National planning proportion', data: labels.map(p => national[p] * 100) }] },
      options: { animation: false, scales: { y: { title: { display: true, text: '%' } } } }
    });
  }

  async function drawTrend() {
    const r = await api('/figures/discharge-to-usual-residence/trend?granularity=' + granularity);
    if (!r.ok) { return; }
    const points = (await r.json()).points;
    chart('trend', {
      type: 'line',
      data: { labels: points.map(p => p.from), datasets: [
        { label: 'Discharge to usual residence (%)', data: points.map(p => p.value === null ? null : Number(p.value) * 100), spanGaps: true },
        { label: 'Target (%)', data: points.map(() => latest && latest.targets['discharge-to-usual-residence']
            ? Number(latest.targets['discharge-to-usual-residence']) * 100 : null), borderDash: [4, 4], pointRadius: 0 }] },
      options: { animation: false, scales: { y: { suggestedMin: 80, suggestedMax: 100 } } }
    });
  }

  document.querySelectorAll('.toggle button').forEach(b => b.addEventListener('click', () => {
    granularity = b.dataset.granularity;
    document.querySelectorAll('.toggle button').forEach(x => x.classList.toggle('on', x === b));
    drawTrend();
  }));

  let lastMessage = 0;

  // Server-sent events read with fetch, because EventSource cannot send an Authorization header.
  async function connect() {
    try {
      const r = await api('/figures/stream');
      if (r.status === 401 || r.status === 403) { return; }
      if (!r.ok || !r.body) { throw new Error('stream answered ' + r.status); }
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += value;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          const data = block.split(/\r?\n/).filter(l => l.startsWith('data:')).map(l => l.slice(5).replace(/^ /, '')).join('\n');
          if (data) { lastMessage = Date.now(); render(JSON.parse(data)); }
        }
      }
    } catch (e) {
      // Dropped or refused: say so and try again shortly.
    }
    if (!token()) { return; }
    const el = document.getElementById('freshness');
    el.dataset.state = 'stale';
    el.textContent = 'Reconnecting to the live stream…';
    setTimeout(connect, 2000);
  }

  // If the stream has been quiet for a while (a proxy holding it, a reconnect loop), read the latest snapshot over REST.
  async function pollWhenQuiet() {
    if (Date.now() - lastMessage < 8000) { return; }
    if (!token()) { return; }
    const r = await api('/figures/live');
    if (r.ok) { render(await r.json()); }
  }

  if (token()) {
    connect();
  } else {
    signIn('The figures need a commissioner token: deploy/d2a up prints a signed-in link, or run deploy/d2a token commissioner.');
  }
  setInterval(pollWhenQuiet, 4000);
  setInterval(updateFreshness, 5000);
  setInterval(drawTrend, 60000);
})();
