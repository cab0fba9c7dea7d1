/**
 * Static assets of the web UI, all served locally (no CDN): the stylesheet and the small client script
 * (kept here as strings so they ship inside the compiled build), and the chart (uPlot) and graph
 * (cytoscape) libraries read from node_modules once at start-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

const require = createRequire(import.meta.url);

function vendorFile(pkg: string, file: string): string {
  // resolve the package's main entry (its exports allow that), then go to its dist folder
  const main = require.resolve(pkg);
  let dir = path.dirname(main);
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

export const APP_CSS = `
:root { --fg:#1f2328; --muted:#656d76; --line:#d0d7de; --bg:#fff; --soft:#f6f8fa; --accent:#0969da;
  --quote:#fff3b0; --quote-line:#d4a72c; --coop:#1a7f37; --conf:#cf222e; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header.top { display:flex; gap:1.2rem; align-items:center; padding:.6rem 1.2rem; border-bottom:1px solid var(--line); background:var(--soft); flex-wrap:wrap; }
header.top .brand { font-weight:700; font-size:1.15rem; color:var(--fg); text-decoration:none; }
header.top nav a { margin-right:.9rem; color:var(--accent); text-decoration:none; }
header.top form { margin-left:auto; display:flex; gap:.3rem; }
main { padding:1rem 1.2rem 3rem; max-width:1280px; margin:0 auto; }
h1 { font-size:1.5rem; line-height:1.25; margin:.4rem 0 .6rem; }
h2 { font-size:1.15rem; margin:1.4rem 0 .5rem; }
a { color:var(--accent); }
input, select, button { font:inherit; padding:.25rem .45rem; border:1px solid var(--line); border-radius:6px; background:#fff; }
button { cursor:pointer; background:var(--soft); }
form.filters { display:flex; flex-wrap:wrap; gap:.5rem; align-items:end; margin:.5rem 0 1rem; padding:.6rem; background:var(--soft); border:1px solid var(--line); border-radius:8px; }
form.filters label { display:flex; flex-direction:column; font-size:.8rem; color:var(--muted); }
table { border-collapse:collapse; width:100%; font-size:.9rem; }
th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--soft); font-weight:600; }
.muted { color:var(--muted); }
.meta { color:var(--muted); font-size:.9rem; margin-bottom:1rem; }
.pill { display:inline-block; padding:0 .45rem; border-radius:999px; font-size:.78rem; background:var(--soft); border:1px solid var(--line); }
.type { font-weight:600; font-size:.78rem; letter-spacing:.02em; }
.pos { color:var(--coop); } .neg { color:var(--conf); }
.grid2 { display:grid; grid-template-columns: minmax(0,1fr) 340px; gap:1.5rem; }
.cards { display:grid; grid-template-columns: repeat(auto-fill,minmax(160px,1fr)); gap:.6rem; margin:.5rem 0 1rem; }
.card { border:1px solid var(--line); border-radius:8px; padding:.5rem .7rem; background:#fff; }
.card b { display:block; font-size:1.3rem; }
.pager { margin:1rem 0; display:flex; gap:1rem; }
/* article view */
.article .row { display:grid; grid-template-columns: minmax(0,1fr) 330px; gap:1.2rem; border-bottom:1px dashed #eee; }
.article .row > .text p { margin:.45rem 0 .7rem; }
.article .row > .text p.crosshead { font-weight:700; }
.article aside.side { font-size:.85rem; padding:.4rem 0; }
.event { border-left:3px solid var(--line); padding:.15rem .5rem; margin:.3rem 0 .5rem; background:var(--soft); border-radius:0 6px 6px 0; }
.event.coop { border-left-color:var(--coop); } .event.conf { border-left-color:var(--conf); }
.event .who-did { display:block; }
.sent.hl { background:#ddf4ff; outline:1px solid #54aeff; border-radius:2px; }
mark.quote { background:var(--quote); border-bottom:2px solid var(--quote-line); padding:0 1px; color:inherit; }
mark.quote-indirect { background:#fff8d6; border-bottom-style:dashed; }
a.who { display:inline-block; font-size:.7rem; font-weight:700; line-height:1.2; padding:0 .35rem; margin-right:.15rem; border-radius:4px;
  background:var(--quote-line); color:#fff; text-decoration:none; vertical-align:.15em; user-select:none; }
.who-unknown { font-size:.7rem; padding:0 .3rem; background:#999; color:#fff; border-radius:4px; }
a.mention { color:inherit; text-decoration:underline; text-decoration-thickness:2px; text-underline-offset:3px; text-decoration-color:#8c959f; }
a.mention.kind-person { text-decoration-color:#8250df; }
a.mention.kind-state, a.mention.kind-former-state { text-decoration-color:#0969da; }
a.mention.kind-igo, a.mention.kind-ngo, a.mention.kind-organization { text-decoration-color:#1a7f37; }
.cue { font-style:italic; }
.legend span { margin-right:1rem; font-size:.85rem; }
/* dyad view */
#dyad-chart { min-height:340px; margin:.5rem 0 1rem; }
.period { border-top:1px solid var(--line); padding:.4rem 0; }
.period:target { background:#fff8c5; }
#network { width:100%; height:640px; border:1px solid var(--line); border-radius:8px; }
.snippet b { background:#fff3b0; }
@media (max-width: 900px) { .grid2, .article .row { grid-template-columns: 1fr; } }
`;

/** Client script: the dyad chart (uPlot), the network (cytoscape), sentence highlighting in the article view. */
export const APP_JS = `
(function () {
  'use strict';
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }

  // article view: hovering an event (or a quote badge) highlights the sentences it comes from
  function hl(list, on) {
    (list || '').split(' ').forEach(function (i) {
      if (!i) return;
      document.querySelectorAll('.sent[data-sentence="' + i + '"]').forEach(function (s) { s.classList.toggle('hl', on); });
    });
  }
  document.querySelectorAll('[data-sentences]').forEach(function (el) {
    el.addEventListener('mouseenter', function () { hl(el.getAttribute('data-sentences'), true); });
    el.addEventListener('mouseleave', function () { hl(el.getAttribute('data-sentences'), false); });
  });

  // dyad view: the cooperation-conflict line, one point per period; a click goes to that period's articles
  var d = data('dyad-data');
  var chartEl = document.getElementById('dyad-chart');
  if (d && chartEl && window.uPlot) {
    var DAY = 86400;
    var pad = { day: 2 * DAY, week: 7 * DAY, month: 20 * DAY, year: 200 * DAY }[d.by] || 20 * DAY;
    var opts = {
      width: Math.max(320, chartEl.clientWidth || 900), height: 320,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      scales: {
        x: { time: true, range: function (u, min, max) { return [min - pad, max + pad]; } },
        y: { range: [-10, 10] },
        n: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.15]; } }
      },
      series: [
        { label: 'period', value: function (u, v, si, i) { return i == null ? '' : d.periods[i]; } },
        { label: 'mean intensity', scale: 'y', stroke: '#0969da', width: 2, spanGaps: true,
          points: { show: true, size: 10, fill: '#0969da', stroke: '#0969da' },
          value: function (u, v) { return v == null ? '–' : v.toFixed(2); } },
        { label: 'events', scale: 'n', stroke: '#8c959f', width: 1, dash: [4, 4],
          points: { show: true, size: 6, fill: '#8c959f', stroke: '#8c959f' } }
      ],
      axes: [
        {
          // one tick per plotted period (thinned to about a dozen), labelled as the period is written
          splits: function () { var k = Math.ceil(d.x.length / 12); return d.x.filter(function (x, i) { return i % k === 0; }); },
          values: function (u, splits) { return splits.map(function (s) { return d.periods[d.x.indexOf(s)] || ''; }); }
        },
        { scale: 'y', label: 'conflict (−10) … cooperation (+10)' },
        { scale: 'n', side: 1, grid: { show: false }, label: 'events' }
      ]
    };
    var u = new window.uPlot(opts, [d.x, d.mean, d.total], chartEl);
    window.dyadChart = u;
    u.over.addEventListener('click', function () {
      var i = u.cursor.idx;
      if (i != null && d.periods[i]) location.hash = 'p-' + d.periods[i];
    });
    window.addEventListener('resize', function () { u.setSize({ width: Math.max(320, chartEl.clientWidth), height: 320 }); });
  }

  // network view: who acts on whom
  var n = data('network-data');
  var netEl = document.getElementById('network');
  if (n && netEl && window.cytoscape) {
    var color = function (m) {
      if (m == null) return '#8c959f';
      return m >= 1 ? '#1a7f37' : m <= -1 ? '#cf222e' : '#bf8700';
    };
    var els = [];
    n.nodes.forEach(function (x) { els.push({ data: { id: x.id, label: x.label, size: 14 + Math.min(36, 3 * Math.sqrt(x.events)), href: x.href } }); });
    n.edges.forEach(function (e, i) {
      els.push({ data: { id: 'e' + i, source: e.source, target: e.target, width: 1 + Math.min(10, Math.sqrt(e.count) * 1.5), color: color(e.mean), label: String(e.count) } });
    });
    var cy = window.cytoscape({
      container: netEl, elements: els, minZoom: 0.1, maxZoom: 2.5,
      style: [
        { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': '#0969da', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 3 } },
        { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', opacity: 0.8 } }
      ],
      layout: { name: n.nodes.length > 150 ? 'circle' : 'cose', animate: false, nodeRepulsion: function () { return 60000; }, idealEdgeLength: function () { return 90; }, randomize: false }
    });
    window.dyadNetwork = cy;
    cy.on('tap', 'node', function (ev) { var h = ev.target.data('href'); if (h) location.href = h; });
  }
})();
`;

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` };
}

let cache: Map<string, Asset> | null = null;

/** The assets by file name under /static/. Vendor files are read once, on first use. */
export function assets(): Map<string, Asset> {
  if (cache) return cache;
  cache = new Map([
    ['app.css', asset(APP_CSS, 'text/css; charset=utf-8')],
    ['app.js', asset(APP_JS, 'text/javascript; charset=utf-8')],
    ['uPlot.min.css', asset(vendorFile('uplot', 'dist/uPlot.min.css'), 'text/css; charset=utf-8')],
    ['uPlot.iife.min.js', asset(vendorFile('uplot', 'dist/uPlot.iife.min.js'), 'text/javascript; charset=utf-8')],
    ['cytoscape.min.js', asset(vendorFile('cytoscape', 'dist/cytoscape.min.js'), 'text/javascript; charset=utf-8')],
  ]);
  return cache;
}
