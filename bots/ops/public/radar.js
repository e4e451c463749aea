/*
 * The dashboard's incident radar panel: polls /dashboard/api/radar every 5 s, shows incidents (examples,
 * first seen, state, what was done), banner answers and the rolling counts, and sends the supervisor's
 * actions to /api/admin/radar. Every text goes through textContent. It loads before dashboard.js, which
 * takes the token out of the address bar, so it reads the token there first.
 */
(function () {
  'use strict';
  const TOKEN_KEY = 'baton.adminToken';
  const BY_KEY = 'baton.radarBy';
  const $ = (id) => document.getElementById(id);
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const token = () => sessionStorage.getItem(TOKEN_KEY) || fromLink;
  const root = new URL('../', new URL('.', location.href)).toString();
  const time = (ms) => new Date(ms).toLocaleString();

  function el(name, text, attrs) {
    const node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function note(text) {
    $('radar-note').textContent = text;
  }

  async function send(method, path, body) {
    const by = $('radar-by').value.trim();
    if (!by) {
      note('Write your name first: the incident records who did what.');
      return false;
    }
    localStorage.setItem(BY_KEY, by);
    const res = await fetch(root + 'api/admin/radar/' + path, {
      method,
      headers: { authorization: 'Bearer ' + token(), 'content-type': 'application/json' },
      body: JSON.stringify({ by, ...body }),
    });
    const answer = await res.json().catch(() => ({}));
    note(res.ok ? 'Done.' : (answer.error && answer.error.message) || 'The radar answered ' + res.status);
    await refresh();
    return res.ok;
  }

  function incidentCard(incident) {
    const card = el('article', undefined, { class: 'incident', 'data-state': incident.state, 'data-testid': 'radar-incident', 'data-id': incident.id });
    card.append(
      el('strong', incident.signal + ' · ' + incident.state),
      el(
        'p',
        incident.count +
          ' in ' +
          incident.windowMinutes +
          ' min (peak ' +
          incident.peak +
          ', usual ' +
          Math.round(incident.usual * 10) / 10 +
          ', threshold ' +
          incident.threshold +
          ')'
      ),
      el('p', 'First seen ' + time(incident.firstSeen) + ' · last seen ' + time(incident.lastSeen))
    );
    for (const example of incident.examples) card.append(el('blockquote', example.text, { 'data-testid': 'radar-example' }));
    const actions = el('ol', undefined, { 'data-testid': 'radar-actions' });
    for (const action of incident.actions) {
      actions.append(
        el('li', time(action.at) + ' · ' + action.kind.replace('_', ' ') + ' by ' + action.by + (action.detail ? ' (' + action.detail + ')' : ''))
      );
    }
    card.append(actions);
    if (incident.state !== 'resolved') {
      const buttons = el('p');
      if (incident.state === 'open') {
        const ack = el('button', 'Acknowledge', { type: 'button', 'data-testid': 'radar-acknowledge' });
        ack.addEventListener('click', () => send('POST', 'incidents/' + incident.id + '/acknowledge', {}));
        buttons.append(ack);
      }
      const resolve = el('button', 'Resolve', { type: 'button', 'data-testid': 'radar-resolve' });
      resolve.addEventListener('click', () => send('POST', 'incidents/' + incident.id + '/resolve', {}));
      buttons.append(resolve);
      card.append(buttons);
    }
    return card;
  }

  function render(view) {
    $('radar-incidents').replaceChildren(...(view.incidents.length ? view.incidents.map(incidentCard) : [el('p', 'No incidents.')]));
    $('radar-banners').replaceChildren(
      ...view.banners.map((banner) => {
        const item = el('li', undefined, { 'data-testid': 'radar-banner', 'data-intent': banner.intent });
        item.append(
          el('strong', banner.intent + ': '),
          el(
            'span',
            Object.entries(banner.texts)
              .map(([locale, text]) => locale + ' “' + text + '”')
              .join(' · ')
          )
        );
        item.append(el('small', ' by ' + banner.by + ', ' + time(banner.at) + ' '));
        const withdraw = el('button', 'Withdraw', { type: 'button', 'data-testid': 'radar-withdraw' });
        withdraw.addEventListener('click', () => send('POST', 'banners/' + encodeURIComponent(banner.intent) + '/withdraw', {}));
        item.append(withdraw);
        return item;
      })
    );
    const select = $('radar-incident');
    const chosen = select.value;
    select.replaceChildren(
      el('option', 'none', { value: '' }),
      ...view.incidents.filter((i) => i.state !== 'resolved').map((i) => el('option', i.signal + ' (' + time(i.firstSeen) + ')', { value: i.id }))
    );
    select.value = chosen;
    if (select.selectedIndex === -1) select.value = '';
    $('radar-readings').replaceChildren(
      ...view.readings.map((r) => {
        const row = el('tr', undefined, r.surging ? { class: 'surging' } : {});
        for (const cell of [
          r.ruleId,
          r.signal,
          r.count + ' (' + r.windowMinutes + ' min)',
          r.historyHours ? String(Math.round(r.usual * 10) / 10) : 'no history yet',
          String(r.threshold),
        ])
          row.append(el('td', cell));
        return row;
      })
    );
  }

  async function refresh() {
    const res = await fetch(root + 'dashboard/api/radar', { headers: { authorization: 'Bearer ' + token() } }).catch(() => undefined);
    if (res && res.ok) render(await res.json());
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('radar-by').value = localStorage.getItem(BY_KEY) || '';
    $('radar-publish').addEventListener('submit', async (event) => {
      event.preventDefault();
      const texts = {};
      if ($('radar-en').value.trim()) texts.en = $('radar-en').value.trim();
      if ($('radar-zh').value.trim()) texts.zh = $('radar-zh').value.trim();
      if (!Object.keys(texts).length) return note('Write the banner in at least one language.');
      const incidentId = $('radar-incident').value;
      const ok = await send('PUT', 'banners/' + encodeURIComponent($('radar-intent').value.trim()), { texts, ...(incidentId ? { incidentId } : {}) });
      if (ok) for (const id of ['radar-en', 'radar-zh']) $(id).value = '';
    });
    refresh();
    setInterval(refresh, 5000);
  });
})();
