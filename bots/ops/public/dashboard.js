/*
 * The supervisor dashboard: polls /dashboard/api/summary every 5 s and draws the figures with plain SVG
 * (no chart library, no CDN). Every text goes through textContent.
 */
(function () {
  'use strict';
  const API = new URL('api/summary', location.href).toString();
  const SCORECARD_API = new URL('api/scorecard', location.href).toString();
  const TOKEN_KEY = 'baton.adminToken';
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  let token = new URLSearchParams(location.hash.slice(1)).get('token') || sessionStorage.getItem(TOKEN_KEY) || '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);

  const pct = (v) => (v === null || v === undefined ? '–' : Math.round(v * 1000) / 10 + ' %');
  const num = (v, unit) => (v === null || v === undefined ? '–' : v + (unit ? ' ' + unit : ''));

  function kpi(label, value, hint) {
    const box = document.createElement('div');
    box.className = 'kpi';
    box.setAttribute('data-testid', 'kpi');
    box.setAttribute('data-kpi', label);
    const b = document.createElement('b');
    b.textContent = value;
    const small = document.createElement('small');
    small.textContent = label + (hint ? ' · ' + hint : '');
    box.append(b, small);
    return box;
  }

  function node(name, attrs, text) {
    const el = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** A line chart of one series (nulls are gaps), with its min and max labelled. */
  function line(svg, values, { min, max, color = '#2457d6' } = {}) {
    svg.replaceChildren();
    const known = values.filter((v) => v !== null);
    const lo = min !== undefined ? min : Math.min(0, ...known);
    const hi = max !== undefined ? max : Math.max(1, ...known);
    const x = (i) => 30 + (i * 560) / Math.max(1, values.length - 1);
    const y = (v) => 145 - ((v - lo) / (hi - lo || 1)) * 130;
    let d = '';
    values.forEach((v, i) => {
      if (v !== null) d += (d && values[i - 1] !== null ? 'L' : 'M') + x(i).toFixed(1) + ',' + y(v).toFixed(1);
    });
    svg.append(
      node('line', { x1: 30, y1: 145, x2: 590, y2: 145, stroke: '#ccd' }),
      node('text', { x: 0, y: 145 }, String(Math.round(lo * 100) / 100)),
      node('text', { x: 0, y: 20 }, String(Math.round(hi * 100) / 100))
    );
    if (d) svg.append(node('path', { d, fill: 'none', stroke: color, 'stroke-width': 2, 'data-testid': 'series' }));
    // Dots too: a minute with neighbours missing has no line to draw.
    values.forEach((v, i) => {
      if (v !== null) svg.append(node('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5, fill: color }));
    });
  }

  /** A bar chart of labelled counts. */
  function bars(svg, entries, color = '#e07b39') {
    svg.replaceChildren();
    const max = Math.max(1, ...entries.map(([, v]) => v));
    const width = 560 / Math.max(1, entries.length);
    entries.forEach(([label, value], i) => {
      const h = (value / max) * 110;
      svg.append(
        node('rect', { x: 30 + i * width + 4, y: 130 - h, width: Math.min(80, Math.max(4, width - 8)), height: h, fill: color, 'data-testid': 'bar' }),
        node('text', { x: 30 + i * width + 4, y: 148 }, label),
        node('text', { x: 30 + i * width + 4, y: 126 - h }, String(value))
      );
    });
    if (entries.length === 0) svg.append(node('text', { x: 30, y: 80 }, 'nothing yet'));
  }

  /** Feedback per intent: bot-only CSAT and "did this help?" answers, as text cells. */
  function feedbackTable(rows, comments) {
    const body = $('feedback-rows');
    body.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement('tr');
        tr.setAttribute('data-testid', 'feedback-row');
        for (const value of [r.intent, r.csatAvg === null ? '–' : r.csatAvg + ' (' + r.csatCount + ')', String(r.helpful), String(r.notHelpful)]) {
          const td = document.createElement('td');
          td.textContent = value;
          tr.append(td);
        }
        return tr;
      })
    );
    $('feedback-comments').textContent = comments + ' comment(s)';
  }

  /** The agents' scorecard (docs/agent-scorecard.md): one row per agent, as text cells. */
  function scorecardTable(card) {
    const secs = (v) => (v === null ? '–' : v < 120 ? v + ' s' : Math.round(v / 6) / 10 + ' min');
    const mood = (e) => (e.tickets === 0 ? '–' : e.startAvg + ' → ' + e.endAvg + ' (' + (e.change > 0 ? '+' : '') + e.change + ', ' + e.tickets + ')');
    $('scorecard-rows').replaceChildren(
      ...card.agents.map((r) => {
        const tr = document.createElement('tr');
        tr.setAttribute('data-testid', 'scorecard-row');
        const cells = [
          r.name + ' (' + r.agentId + ')',
          String(r.claimed),
          secs(r.firstReplySecondsAvg),
          pct(r.firstReplyOnTime),
          String(r.resolved),
          secs(r.handleSecondsAvg),
          pct(r.firstContactResolution),
          r.csatAvg === null ? '–' : r.csatAvg + ' (' + r.csatCount + ')',
          String(r.slaBreaches),
          r.transfersOut + ' · ' + r.returnedToBot,
          mood(r.emotion),
        ];
        for (const value of cells) {
          const td = document.createElement('td');
          td.textContent = value;
          tr.append(td);
        }
        return tr;
      })
    );
    $('scorecard-queued').textContent = card.queuedSlaBreaches + ' SLA breach(es) while queued, on no agent';
  }

  function render(s) {
    const t = s.totals;
    $('kpis').replaceChildren(
      kpi('messages in', num(t.messagesIn)),
      kpi('conversations', num(t.conversations)),
      kpi('bot containment', pct(t.containment), 'finished without a person'),
      kpi('bot reply', num(t.botReplyMsAvg, 'ms'), 'average'),
      kpi('escalations', num(t.escalations)),
      kpi('queue now', num(s.live.queueDepth), (s.live.agents.available || 0) + ' agent(s) available'),
      kpi('queue wait', num(t.queueWaitSecondsAvg, 's'), 'average to claim'),
      kpi('first reply ≤ SLA', pct(t.firstReplyOnTime), 'golden 30 s'),
      kpi('handoff duration', num(t.handoffMinutesAvg, 'min')),
      kpi('first-contact resolution', pct(t.firstContactResolution)),
      kpi('CSAT', num(t.csatAvg), 'average of 5'),
      kpi('negative messages', pct(t.negativeShare)),
      kpi('out of scope', pct(t.outOfScopeShare)),
      kpi('SLA breaches', num(t.slaBreaches)),
      kpi('abandoned', num(t.abandoned)),
      kpi('where is my order', num(t.orderCare.wismo), 'messages'),
      kpi('order notices sent', num(t.orderCare.noticesSent), t.orderCare.noticesFailed + ' failed · ' + t.orderCare.noticesDeferred + ' deferred'),
      kpi('order updates', num(t.orderCare.optIns), 'opted in · ' + t.orderCare.optOuts + ' opted out')
    );
    line($('chart-wismo'), s.series.wismo, { color: '#e07b39' });
    line($('chart-notices'), s.series.notices, { color: '#2e7d32' });
    feedbackTable(t.feedbackByIntent, t.comments);
    line($('chart-messages'), s.series.messagesIn);
    line($('chart-escalations'), s.series.escalations, { color: '#b3261e' });
    line($('chart-reply'), s.series.botReplyMs, { color: '#2e7d32' });
    line($('chart-emotion'), s.series.emotion, { min: -1, max: 1, color: '#8e24aa' });
    bars($('chart-reasons'), Object.entries(t.escalationsByReason));
    bars(
      $('chart-csat'),
      ['1', '2', '3', '4', '5'].map((k) => [k, t.csatByScore[k] || 0]),
      '#2457d6'
    );
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  async function refresh() {
    const headers = token ? { authorization: 'Bearer ' + token } : {};
    try {
      const res = await fetch(API + '?minutes=' + $('window').value, { headers });
      if (res.status === 401) {
        $('sign-in').hidden = false;
        $('board').hidden = true;
        return;
      }
      if (!res.ok) throw new Error('The dashboard API answered ' + res.status);
      $('error').hidden = true;
      $('board').hidden = false;
      render(await res.json());
      const card = await fetch(SCORECARD_API + '?minutes=' + $('window').value, { headers });
      if (card.ok) scorecardTable(await card.json());
    } catch (error) {
      $('error').textContent = error.message || 'The dashboard cannot be reached.';
      $('error').hidden = false;
    }
  }

  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    refresh();
  });
  $('window').addEventListener('change', refresh);
  refresh();
  setInterval(refresh, 5000);
})();
