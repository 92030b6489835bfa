// What the D2A pages share (metrics-service's dashboard, capacity-service's Home First page): signing in with a bearer
// token, reading the API with it, and building the DOM without innerHTML or inline style, so that every page runs under a
// strict Content-Security-Policy. Served from common-kit's jar at /d2a/page.js by every service that has it.
window.D2A = (function () {
  'use strict';

  // Bearer token: handed over in the URL fragment (never sent to a server, not logged), then kept for this tab only.
  const TOKEN_KEY = 'd2a.token';
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const settings = { forbidden: null, signedOut: () => {} };

  /** Forgets the token and shows the page's sign-in box (form#sign-in with a p.why) with the reason. */
  function signIn(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    const box = document.getElementById('sign-in');
    box.hidden = false;
    box.querySelector('.why').textContent = message;
    settings.signedOut();
  }

  /**
   * Wires the sign-in box; {@code forbidden}: the message for a 403 (null: the page handles 403 itself); {@code signedOut}: what
   * else the page shows when nobody is signed in.
   */
  function setup(options) {
    Object.assign(settings, options || {});
    document.getElementById('sign-in').addEventListener('submit', e => {
      e.preventDefault();
      const value = document.getElementById('token').value.trim();
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
        location.reload();
      }
    });
  }

  /** fetch with the token; a 401 (and a 403 when the page says so) sends the user back to the sign-in box. */
  async function api(path, init) {
    const options = Object.assign({}, init || {});
    options.headers = Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {});
    const r = await fetch(path, options);
    if (r.status === 401) { signIn('The token was refused (expired or not valid). Paste a new one.'); }
    if (r.status === 403 && settings.forbidden) { signIn(settings.forbidden); }
    return r;
  }

  /** The token's claims, only to say who is signed in and to scope what is shown; the server decides what is allowed. */
  function claims() {
    try {
      const part = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0))));
    } catch (e) {
      return {};
    }
  }

  /** An element with attributes ({@code text} sets its text) and children. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'text') { e.textContent = v; } else if (v !== null && v !== undefined && v !== false) { e.setAttribute(k, v === true ? '' : v); }
    });
    children.flat().forEach(c => e.append(c));
    return e;
  }

  /** An SVG element with attributes. */
  function svg(tag, attrs) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  }

  /** A table: caption, a header row and body rows whose first cell heads the row; a cell may be text or an element. */
  function table(caption, headers, rows, attrs) {
    const cell = (c, i) => {
      const content = c instanceof Node ? [c] : [String(c)];
      return i === 0 ? el('th', { scope: 'row' }, content) : el('td', {}, content);
    };
    return el('table', attrs || {},
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows.map(r => Array.isArray(r) ? el('tr', {}, r.map(cell)) : el('tr', r.attrs, r.cells.map(cell)))));
  }

  return { token, signIn, setup, api, claims, el, svg, table };
})();
