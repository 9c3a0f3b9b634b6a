// The pages: deployment list and rollout detail. Each render builds fresh DOM from API JSON.
import {h, time, verdict} from './dom.js';

function revisionText(r) {
  if (!r) return '—';
  return 'rev ' + r.number + (r.version !== undefined ? ' · v' + r.version : r.model ? ' · v' + r.model.version : '');
}

function weightsText(weights, d) {
  if (!weights || Object.keys(weights).length === 0) return '—';
  const name = (id) => d.stable && d.stable.id === id ? 'stable'
      : d.candidate && d.candidate.id === id ? 'canary' : id;
  return Object.entries(weights).map(([id, w]) => name(id) + ' ' + w + '%').join(' / ');
}

function stepText(d) {
  if (d.strategy !== 'canary' || !d.steps) return d.strategy === 'blueGreen' ? 'blue/green' : '—';
  return stepOf(d.step, d.steps);
}

/** "k/n" with k counted from 1; n/n once every step is done (currentStep is then n). */
function stepOf(current, n) {
  return Math.min((current ?? 0) + 1, n) + '/' + n;
}

/** The deployment list with its filter box; filter keeps its text and focus across refreshes. */
export function listView(overview, filter, onFilter) {
  const q = filter.trim().toLowerCase();
  const rows = overview.deployments.filter((d) => !q
      || [d.name, d.phase, d.model, d.message].some((s) => s && s.toLowerCase().includes(q)));
  const input = h('input', {type: 'search', id: 'filter', value: filter,
    placeholder: 'name, phase or model', 'aria-controls': 'deployments',
    oninput: (e) => onFilter(e.target.value)});
  return h('section', {'aria-labelledby': 'list-title'},
      h('div', {class: 'heading'},
          h('h1', {id: 'list-title'}, 'Deployments'),
          h('label', {for: 'filter', class: 'filter'}, 'Filter ', input)),
      h('p', {class: 'muted', 'aria-live': 'polite', id: 'count'},
          rows.length + ' of ' + overview.deployments.length + ' deployments'),
      h('div', {class: 'table-wrap'},
          h('table', {id: 'deployments'},
              h('thead', {}, h('tr', {},
                  ['Name', 'Phase', 'Stable', 'Canary', 'Weights', 'Step', 'Age', 'Last event']
                      .map((c) => h('th', {scope: 'col'}, c)))),
              h('tbody', {}, rows.map((d) => h('tr', {dataset: {name: d.name}},
                  h('th', {scope: 'row'}, h('a', {href: '#/d/' + encodeURIComponent(d.name)}, d.name)),
                  h('td', {}, verdict(d.paused && d.phase === 'Progressing' ? 'Paused' : d.phase)),
                  h('td', {}, revisionText(d.stable)),
                  h('td', {}, revisionText(d.candidate)),
                  h('td', {class: 'weights'}, weightsText(d.weights, d)),
                  h('td', {class: 'step'}, stepText(d)),
                  h('td', {}, time(d.createdAt)),
                  h('td', {class: 'last-event'}, d.lastEvent
                      ? [time(d.lastEvent.at), ' ', h('strong', {}, d.lastEvent.reason), ': ',
                        d.lastEvent.message]
                      : '—')))))));
}

function stepLabel(step) {
  const [kind, v] = Object.entries(step)[0] || ['?', null];
  switch (kind) {
    case 'setWeight': return 'weight ' + v + '%';
    case 'pause': return v && v.duration ? 'pause ' + v.duration : 'pause (manual)';
    case 'analysis': return 'analysis';
    case 'shadow': return 'shadow ' + (v.percent ?? '') + '%';
    case 'setHeaderRoute': return 'header route';
    case 'experiment': return 'experiment';
    default: return kind;
  }
}

function specOf(doc) {
  return doc && doc.spec && (doc.spec.model || doc.spec.strategy) ? doc.spec : doc || {};
}

/** The successCondition of a metric named in the spec itself (templates are stored apart). */
function conditionOf(spec, metric) {
  const canary = (spec.strategy || {}).canary || {};
  const lists = [(canary.analysis || {}).metrics || []];
  for (const s of canary.steps || []) if (s.analysis) lists.push(s.analysis.metrics || []);
  const bg = (spec.strategy || {}).blueGreen || {};
  for (const k of ['prePromotionAnalysis', 'postPromotionAnalysis']) {
    if (bg[k]) lists.push(bg[k].metrics || []);
  }
  for (const list of lists) {
    const m = list.find((x) => x.name === metric);
    if (m) return [m.successCondition && 'success: ' + m.successCondition,
      m.failureCondition && 'failure: ' + m.failureCondition].filter(Boolean).join('; ');
  }
  return 'from a template';
}

function value(v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(value).join(', ');
  return typeof v === 'number' ? String(Math.round(v * 10000) / 10000) : String(v);
}

export const ACTIONS = [
  {command: 'promote', label: 'Promote', text: 'Go on to the next step now.'},
  {command: 'promote', full: true, label: 'Promote fully',
    text: 'Skip the remaining steps and analyses: the canary takes all traffic.'},
  {command: 'pause', label: 'Pause', text: 'Hold the rollout at its current step.'},
  {command: 'resume', label: 'Resume', text: 'Let a paused rollout go on.'},
  {command: 'abort', label: 'Abort', text: 'Send all traffic back to the stable revision.'},
  {command: 'retry', label: 'Retry', text: 'Start an aborted rollout again from its first step.'},
  {command: 'undo', label: 'Undo', text: 'Roll back to the previous revision.'},
];

/** The rollout detail page. */
export function detailView(name, d, events, canAct, onAction) {
  const s = d.status || {};
  const spec = specOf(d.spec);
  const steps = ((spec.strategy || {}).canary || {}).steps || [];
  const current = s.currentStep ?? 0;
  const summary = {stable: s.stable, candidate: s.candidate};
  const byRevision = {};
  for (const r of d.replicas || []) (byRevision[r.revision] ||= []).push(r);
  const revName = (id) => s.stable && s.stable.id === id ? 'stable ' + revisionText(s.stable)
      : s.candidate && s.candidate.id === id ? 'canary ' + revisionText(s.candidate) : id;

  return h('article', {'aria-labelledby': 'detail-title'},
      h('p', {}, h('a', {href: '#/'}, '← All deployments')),
      h('div', {class: 'heading'},
          h('h1', {id: 'detail-title'}, name),
          h('span', {id: 'phase'}, verdict(s.pause && s.phase === 'Progressing' ? 'Paused' : s.phase || 'Pending'))),
      s.message ? h('p', {id: 'message'}, s.message) : null,
      h('dl', {class: 'facts'},
          h('dt', {}, 'Stable'), h('dd', {id: 'stable'}, revisionText(s.stable)),
          h('dt', {}, 'Canary'), h('dd', {id: 'candidate'}, revisionText(s.candidate)),
          h('dt', {}, 'Weights'), h('dd', {id: 'weights'}, weightsText(s.weights, summary)),
          h('dt', {}, 'Step'), h('dd', {id: 'step'}, steps.length ? stepOf(current, steps.length) : '—'),
          h('dt', {}, 'Step started'), h('dd', {}, time(s.stepStartedAt))),
      h('section', {'aria-labelledby': 'actions-title', class: 'actions'},
          h('h2', {id: 'actions-title'}, 'Actions'),
          canAct ? null : h('p', {class: 'muted'}, 'Sign in with the token to act.'),
          h('div', {class: 'buttons'}, ACTIONS.map((a) => h('button', {
            type: 'button', disabled: !canAct, 'data-action': a.command + (a.full ? '-full' : ''),
            onclick: () => onAction(a)}, a.label))),
          h('p', {id: 'action-result', role: 'status', 'aria-live': 'polite'})),
      steps.length ? h('section', {'aria-labelledby': 'steps-title'},
          h('h2', {id: 'steps-title'}, 'Steps'),
          h('ol', {class: 'track', id: 'track'}, steps.map((st, i) => h('li', {
            class: i < current ? 'done' : i === current ? 'current' : 'todo',
            'aria-current': i === current ? 'step' : null},
          h('span', {class: 'mark', 'aria-hidden': 'true'}, i < current ? '✓' : i === current ? '▶' : String(i + 1)),
          h('span', {}, stepLabel(st)),
          i === current ? h('span', {class: 'sr'}, ' (current step)') : null))))
        : null,
      h('section', {'aria-labelledby': 'traffic-title'},
          h('h2', {id: 'traffic-title'}, 'Traffic through the gateway, last 5 minutes'),
          h('p', {class: 'muted', id: 'traffic-note'}, 'Each point: the last 10 s.'),
          h('div', {id: 'charts', class: 'charts'}),
          h('div', {id: 'shadow'})),
      h('section', {'aria-labelledby': 'runs-title'},
          h('h2', {id: 'runs-title'}, 'Analysis'),
          (s.runs || []).length === 0 ? h('p', {class: 'muted'}, 'No analysis run yet.') : null,
          (s.runs || []).slice().reverse().map((run) => h('div', {class: 'run'},
              h('h3', {}, verdict(run.phase), ' ', run.kind + ' analysis',
                  run.step !== undefined && run.step !== null ? ' at step ' + (run.step + 1) : '',
                  ' of ', revName(run.revisionId), ' · ', time(run.startedAt)),
              run.message ? h('p', {}, run.message) : null,
              run.metrics.map((m) => h('div', {class: 'table-wrap'}, h('table', {class: 'measurements'},
                  h('caption', {}, m.name, ' — ', verdict(m.phase), m.dryRun ? ' (dry run)' : '',
                      ' — condition ', h('code', {}, conditionOf(spec, m.name))),
                  h('thead', {}, h('tr', {}, ['#', 'When', 'Value', 'Baseline', 'Samples', 'Verdict', 'Reason']
                      .map((c) => h('th', {scope: 'col'}, c)))),
                  h('tbody', {}, (m.measurements || []).map((x) => h('tr', {class: 'measurement'},
                      h('td', {}, x.index + 1), h('td', {}, time(x.at)), h('td', {}, value(x.value)),
                      h('td', {}, value(x.baseline)), h('td', {}, value(x.sampleSize)),
                      h('td', {}, verdict(x.phase)), h('td', {}, x.reason || '')))))))))),
      h('section', {'aria-labelledby': 'replicas-title'},
          h('h2', {id: 'replicas-title'}, 'Replicas'),
          Object.keys(byRevision).length === 0 ? h('p', {class: 'muted'}, 'No replica running.') : null,
          Object.entries(byRevision).map(([rev, list]) => h('div', {class: 'table-wrap'}, h('table', {},
              h('caption', {}, revName(rev), ': ', list.filter((r) => r.state === 'Ready').length, '/',
                  list.length, ' ready'),
              h('thead', {}, h('tr', {}, ['Replica', 'State', 'Restarts', 'Port', 'PID']
                  .map((c) => h('th', {scope: 'col'}, c)))),
              h('tbody', {}, list.map((r) => h('tr', {},
                  h('td', {}, r.replica), h('td', {}, r.state + (r.crashLooping ? ' (crash loop)' : '')),
                  h('td', {}, r.restarts), h('td', {}, r.port), h('td', {}, r.pid)))))))),
      h('section', {'aria-labelledby': 'events-title'},
          h('h2', {id: 'events-title'}, 'Events'),
          h('ol', {class: 'events', id: 'events', reversed: true}, events.slice().reverse().slice(0, 100)
              .map((e) => h('li', {class: e.type === 'Warning' ? 'warning' : ''},
                  time(e.at), ' ', e.type === 'Warning' ? h('strong', {}, '⚠ Warning ') : null,
                  h('strong', {}, e.reason), ': ', e.message)))));
}

export function shadowView(traffic, revName) {
  if (!traffic.mirrors || traffic.mirrors.length === 0) return null;
  return h('div', {class: 'table-wrap'}, h('table', {id: 'mirror'},
      h('caption', {}, 'Shadow traffic comparison (last ' + traffic.windowSeconds + ' s)'),
      h('thead', {}, h('tr', {}, ['Primary', 'Mirror', 'Sent', 'Compared', 'Errors', 'Label agreement',
        'Mean |score diff|', 'Max |score diff|'].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, traffic.mirrors.map((m) => h('tr', {},
          h('td', {}, revName(m.revision)), h('td', {}, revName(m.mirror)), h('td', {}, m.sent),
          h('td', {}, m.compared), h('td', {}, m.errors),
          h('td', {}, m.labelAgreement === null ? '—' : (m.labelAgreement * 100).toFixed(1) + '%'),
          h('td', {}, value(m.meanAbsScoreDiff)), h('td', {}, value(m.maxAbsScoreDiff)))))));
}
