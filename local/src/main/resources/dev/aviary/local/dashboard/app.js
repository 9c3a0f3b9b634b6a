// The dashboard's shell: sign-in, routing (#/ and #/d/NAME), polling, the platform-down banner.
import {api, adoptTokenFromAddress, token, setToken, ApiError, Unreachable} from './api.js';
import {h, clear} from './dom.js';
import {listView, detailView, shadowView} from './views.js';
import {TrafficCharts} from './charts.js';

const POLL_MS = 2000;
const main = document.getElementById('main');
const banner = document.getElementById('banner');
const session = document.getElementById('session');

let filter = '';
let timer = null;
let generation = 0; // a page change makes the replies of earlier polls stale
let detail = null; // {name, events, lastEvent, charts, chartsEl}
let failures = 0;

adoptTokenFromAddress();
window.addEventListener('hashchange', () => show(true));
show(true);

function route() {
  const m = /^#\/d\/(.+)$/.exec(window.location.hash);
  return m ? {page: 'detail', name: decodeURIComponent(m[1])} : {page: 'list'};
}

function show(fresh) {
  clearTimeout(timer);
  if (fresh) {
    generation++;
    detail = null;
    failures = 0;
  }
  const gen = generation;
  const r = route();
  const poll = r.page === 'detail' ? pollDetail(r.name, gen) : pollList(gen);
  poll.then(() => {
    if (gen !== generation) return;
    failures = 0;
    hideBanner();
    timer = setTimeout(() => show(false), POLL_MS);
  }, (e) => {
    if (gen !== generation) return;
    if (e instanceof ApiError && e.status === 401) {
      signIn(token() ? 'The token was refused (it changes when the platform\'s token file is replaced).' : null);
      return; // polling resumes after sign-in
    }
    if (e instanceof Unreachable) {
      failures++;
      const wait = Math.min(30, 2 ** Math.min(failures, 5));
      showBanner(e.message + '. Retrying in ' + wait + ' s.', () => show(true));
      timer = setTimeout(() => show(false), wait * 1000);
      return;
    }
    showBanner(e.message, () => show(true));
    timer = setTimeout(() => show(false), POLL_MS * 2);
  });
}

function renderSession() {
  clear(session);
  if (token()) {
    session.append('Signed in ', h('button', {type: 'button', id: 'sign-out', onclick: () => {
      setToken(null);
      show(true);
    }}, 'Sign out'));
  }
}

async function pollList(gen) {
  const overview = await api.overview();
  if (gen !== generation) return;
  renderSession();
  const focused = document.activeElement && document.activeElement.id === 'filter';
  const caret = focused ? document.activeElement.selectionStart : null;
  clear(main).append(listView(overview, filter, (v) => {
    filter = v;
    pollListRender(overview);
  }));
  if (focused) restoreFilterFocus(caret);
}

function pollListRender(overview) {
  const caret = document.getElementById('filter').selectionStart;
  clear(main).append(listView(overview, filter, (v) => {
    filter = v;
    pollListRender(overview);
  }));
  restoreFilterFocus(caret);
}

function restoreFilterFocus(caret) {
  const input = document.getElementById('filter');
  input.focus();
  input.setSelectionRange(caret, caret);
}

async function pollDetail(name, gen) {
  if (!detail) {
    const chartsEl = h('div', {class: 'charts', id: 'charts'});
    detail = {name, events: [], lastEvent: 0, chartsEl, charts: new TrafficCharts(chartsEl), gone: false};
  }
  let d;
  try {
    d = await api.deployment(name);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      if (gen !== generation) return;
      clear(main).append(h('section', {id: 'gone'}, h('h1', {}, name),
          h('p', {role: 'alert'}, 'This deployment does not exist (any more): ' + e.message + '.'),
          h('p', {}, h('a', {href: '#/'}, '← All deployments'))));
      return;
    }
    throw e;
  }
  const fresh = await api.events(name, detail.lastEvent);
  let traffic = null;
  try {
    traffic = await api.traffic(name);
  } catch (e) {
    if (e instanceof Unreachable) throw e; // charts degrade; the rest of the page stays
  }
  if (gen !== generation) return;
  renderSession();
  for (const e of fresh.events) {
    detail.events.push(e);
    detail.lastEvent = e.id;
  }
  const s = d.status || {};
  const revName = (id) => s.stable && s.stable.id === id ? 'stable v' + s.stable.model.version
      : s.candidate && s.candidate.id === id ? 'canary v' + s.candidate.model.version : id;
  const focusedAction = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.action : null;
  const result = document.getElementById('action-result');
  const resultText = result ? result.textContent : '';
  // Reads need the token too, so a page that rendered can act: without a valid token (when one is
  // required) the sign-in box replaces the page and no action button exists.
  const page = detailView(name, d, detail.events, true, (a) => act(name, a));
  clear(main).append(page);
  document.getElementById('action-result').textContent = resultText;
  document.getElementById('charts').replaceWith(detail.chartsEl);
  if (traffic) {
    const labels = {};
    for (const r of traffic.revisions) labels[r.revision] = revName(r.revision);
    detail.charts.add(traffic, labels);
    const shadow = shadowView(traffic, revName);
    if (shadow) document.getElementById('shadow').append(shadow);
  } else {
    document.getElementById('traffic-note').textContent = 'Traffic figures are not available right now.';
  }
  if (focusedAction) {
    const b = main.querySelector('[data-action="' + focusedAction + '"]');
    if (b) b.focus();
  }
}

async function act(name, action) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = action.label + ' ' + name + '?';
  document.getElementById('confirm-text').textContent = action.text;
  dialog.returnValue = '';
  dialog.showModal();
  document.getElementById('confirm-ok').focus();
  await new Promise((resolve) => dialog.addEventListener('close', resolve, {once: true}));
  if (dialog.returnValue !== 'ok') return;
  const out = document.getElementById('action-result');
  try {
    const r = await api.command(name, action.command, action.full ? {full: true} : undefined);
    out.className = 'ok';
    out.textContent = action.label + ': accepted (command ' + r.seq + ').';
    show(false);
  } catch (e) {
    out.className = 'bad';
    out.textContent = action.label + ' refused: ' + e.message; // the API's words, verbatim
  }
}

function signIn(problem) {
  clearTimeout(timer);
  renderSession();
  const input = h('input', {type: 'password', id: 'token', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help'});
  const form = h('form', {id: 'sign-in', class: 'sign-in', onsubmit: (e) => {
    e.preventDefault();
    setToken(input.value);
    show(true);
  }},
  h('h1', {}, 'Sign in'),
  problem ? h('p', {role: 'alert', class: 'bad'}, problem) : null,
  h('p', {id: 'token-help'}, 'The control API needs its token. Open the address that ',
      h('code', {}, 'aviary up'), ' prints, or paste the contents of ', h('code', {}, '.aviary/token'),
      ' (in the directory where aviary up runs). It is kept for this tab only.'),
  h('label', {for: 'token'}, 'Token '), input, ' ',
  h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  clear(main).append(form);
  input.focus();
}

function showBanner(text, retry) {
  clear(banner).append(h('span', {}, text), ' ',
      h('button', {type: 'button', id: 'retry', onclick: retry}, 'Retry now'));
  banner.hidden = false;
}

function hideBanner() {
  banner.hidden = true;
  clear(banner);
}
