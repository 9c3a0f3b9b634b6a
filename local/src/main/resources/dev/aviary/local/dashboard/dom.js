// DOM building without innerHTML: every value from the API becomes a text node, never markup.

/** h('div', {class: 'x', onclick: f}, 'text', child, [more]) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** "3 min ago" with the ISO time in a tooltip and a <time> element for assistive tech. */
export function time(iso, now = Date.now()) {
  if (!iso) return h('span', {class: 'muted'}, '—');
  const at = new Date(iso);
  return h('time', {datetime: iso, title: at.toLocaleString()}, relative(at.getTime(), now),
      h('span', {class: 'abs'}, ' (' + at.toLocaleTimeString() + ')'));
}

export function relative(ms, now = Date.now()) {
  const s = Math.round((now - ms) / 1000);
  const future = s < 0;
  const a = Math.abs(s);
  let text;
  if (a < 5) return 'just now';
  if (a < 60) text = a + ' s';
  else if (a < 3600) text = Math.floor(a / 60) + ' min';
  else if (a < 86400) text = Math.floor(a / 3600) + ' h ' + Math.floor((a % 3600) / 60) + ' min';
  else text = Math.floor(a / 86400) + ' d';
  return future ? 'in ' + text : text + ' ago';
}

/** A phase or verdict as icon + word, so that it never rests on colour alone. */
const VERDICTS = {
  Successful: ['✓', 'ok'], Healthy: ['✓', 'ok'], Completed: ['✓', 'ok'],
  Failed: ['✗', 'bad'], Degraded: ['✗', 'bad'], Aborted: ['✗', 'bad'],
  Error: ['!', 'bad'], Inconclusive: ['?', 'warn'], Paused: ['❚❚', 'warn'],
  Progressing: ['▶', 'info'], Running: ['▶', 'info'], Pending: ['…', 'muted'],
};

export function verdict(word) {
  const [icon, tone] = VERDICTS[word] || ['•', 'muted'];
  return h('span', {class: 'verdict ' + tone}, h('span', {'aria-hidden': 'true'}, icon + ' '), word || '—');
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}
