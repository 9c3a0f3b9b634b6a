// Live traffic charts per revision (uPlot, served from the jar). Revisions are told apart by
// colour AND dash pattern and are named in the legend, so the charts survive colour-blindness.
import uPlot from './vendor/uPlot.esm.js';
import {h, clear} from './dom.js';

const KEEP_SECONDS = 300;
// Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
const STYLES = [
  {stroke: '#0072B2', dash: []},
  {stroke: '#D55E00', dash: [8, 4]},
  {stroke: '#009E73', dash: [2, 3]},
  {stroke: '#CC79A7', dash: [12, 3, 2, 3]},
];

const METRICS = [
  {key: 'requestRate', title: 'Requests per second', unit: 'req/s', scale: (v) => v},
  {key: 'successRate', title: 'Success rate', unit: '%', scale: (v) => v * 100, range: [0, 100]},
  {key: 'p50Ms', title: 'Latency p50', unit: 'ms', scale: (v) => v},
  {key: 'p99Ms', title: 'Latency p99', unit: 'ms', scale: (v) => v},
];

/** Keeps the samples of the last few minutes and draws one chart per figure. */
export class TrafficCharts {
  constructor(container) {
    this.container = container;
    this.times = [];
    this.values = new Map(); // revision -> {metric key -> []}
    this.labels = new Map(); // revision -> label
    this.plots = [];
    this.shape = '';
  }

  /** Adds one sample of GET .../traffic; labels maps revision id to "stable v2" etc. */
  add(traffic, labels) {
    const t = Date.parse(traffic.at) / 1000;
    this.times.push(t);
    for (const [id, label] of Object.entries(labels)) this.labels.set(id, label);
    const seen = new Set();
    for (const r of traffic.revisions) {
      seen.add(r.revision);
      if (!this.values.has(r.revision)) {
        const fresh = {};
        for (const m of METRICS) fresh[m.key] = new Array(this.times.length - 1).fill(null);
        this.values.set(r.revision, fresh);
      }
      const series = this.values.get(r.revision);
      for (const m of METRICS) {
        const v = r[m.key];
        series[m.key].push(v === null || v === undefined || r.requests === 0 && m.key !== 'requestRate'
            ? null : m.scale(v));
      }
    }
    for (const [id, series] of this.values) {
      if (!seen.has(id)) for (const m of METRICS) series[m.key].push(null);
    }
    while (this.times.length && this.times[0] < t - KEEP_SECONDS) {
      this.times.shift();
      for (const series of this.values.values()) for (const m of METRICS) series[m.key].shift();
    }
    this.draw();
  }

  draw() {
    const ids = [...this.values.keys()];
    const shape = ids.join(',') + '|' + this.container.clientWidth;
    if (shape !== this.shape) this.build(ids);
    this.plots.forEach((plot, i) => {
      const key = METRICS[i].key;
      plot.setData([this.times, ...ids.map((id) => this.values.get(id)[key])]);
    });
  }

  build(ids) {
    this.plots.forEach((p) => p.destroy());
    clear(this.container);
    this.shape = ids.join(',') + '|' + this.container.clientWidth;
    const width = Math.max(260, Math.min(560, (this.container.clientWidth || 600) / 2 - 16));
    this.plots = METRICS.map((m) => {
      const figure = h('figure', {class: 'chart'});
      this.container.append(figure);
      return new uPlot({
        title: m.title + ' (' + m.unit + ')',
        width, height: 180,
        scales: m.range ? {x: {time: true}, y: {range: m.range}} : {x: {time: true}},
        axes: [{}, {label: m.unit, size: 56}],
        series: [{label: 'time'}, ...ids.map((id, i) => ({
          label: this.labels.get(id) || id,
          stroke: STYLES[i % STYLES.length].stroke,
          dash: STYLES[i % STYLES.length].dash,
          width: 2,
          spanGaps: false,
          value: (u, v) => v === null || v === undefined ? '—' : v.toFixed(m.unit === '%' ? 1 : 2),
        }))],
      }, [this.times, ...ids.map(() => [])], figure);
    });
  }
}
