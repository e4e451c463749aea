/*
 * The learning loop's admin page: lists groups of misses over a window, and sends the review actions
 * (add phrasings to an intent, create a FAQ intent, dismiss, withdraw) to /learning/api. No framework,
 * no CDN; every text the page shows goes through textContent.
 */
(function () {
  'use strict';
  const API = new URL('api/', location.href).toString();
  const TOKEN_KEY = 'baton.adminToken';
  const LANGUAGE_NAMES = { en: 'English', zh: 'Chinese' };
  const $ = (id) => document.getElementById(id);
  let token = new URLSearchParams(location.hash.slice(1)).get('token') || sessionStorage.getItem(TOKEN_KEY) || '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  let model = { intents: [], locales: [] };

  function el(name, attrs, text) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(message, isError) {
    $('status').textContent = message;
    $('status').classList.toggle('error', Boolean(isError));
  }

  function when(ms) {
    const minutes = Math.round((Date.now() - ms) / 60000);
    if (minutes < 1) return 'just now';
    if (minutes < 60) return minutes + ' min ago';
    if (minutes < 48 * 60) return Math.round(minutes / 60) + ' h ago';
    return Math.round(minutes / 1440) + ' days ago';
  }

  async function call(method, path, body) {
    const headers = { authorization: 'Bearer ' + token };
    if (body) headers['content-type'] = 'application/json';
    const res = await fetch(API + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    if (res.status === 401 || res.status === 403) {
      $('sign-in').hidden = false;
      $('board').hidden = true;
      throw new Error('Sign in with the admin token.');
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((data.error && data.error.message) || 'The server answered ' + res.status + '.');
    return data;
  }

  const days = () => Number($('window').value);
  const REVIEWER_KEY = 'baton.learning.reviewer';
  $('reviewer').value = localStorage.getItem(REVIEWER_KEY) || '';
  $('reviewer').addEventListener('change', () => localStorage.setItem(REVIEWER_KEY, $('reviewer').value.trim()));
  /** Who accepts: the name typed in the header, when one is. */
  const by = () => ($('reviewer').value.trim() ? { acceptedBy: $('reviewer').value.trim().slice(0, 60) } : {});

  function renderGroup(group) {
    const card = $('group-template').content.firstElementChild.cloneNode(true);
    card.setAttribute('data-group-id', group.id);
    const volume = card.querySelector('.volume');
    volume.append(String(group.volume), el('small', {}, group.volume === 1 ? 'message' : 'messages'));
    card.querySelector('h3').textContent = '“' + group.examples[0].text + '”';
    card.querySelector('.meta').textContent = 'first ' + when(group.firstSeen) + ' · last ' + when(group.lastSeen);
    const chips = card.querySelector('.chips');
    for (const locale of group.locales) chips.append(el('span', { class: 'chip locale' }, LANGUAGE_NAMES[locale] || locale));
    for (const [reason, count] of Object.entries(group.reasons)) chips.append(el('span', { class: 'chip' }, reason.replace(/_/g, ' ') + ' ' + count));

    const examples = card.querySelector('.examples');
    for (const example of group.examples) {
      const label = el('label');
      const box = el('input', { type: 'checkbox', value: example.id, 'data-testid': 'example-checkbox' });
      box.checked = true;
      label.append(box, el('span', { 'data-testid': 'example-text' }, example.text), el('span', { class: 'lang' }, example.locale));
      const item = el('li');
      item.append(label);
      examples.append(item);
    }
    const closest = card.querySelector('.closest');
    if (group.closest.length === 0) closest.append(el('li', { class: 'muted' }, 'no intent came close'));
    for (const intent of group.closest) {
      const item = el('li');
      const share = intent.members + ' of ' + group.volume + ' · avg score ' + Math.round(intent.meanScore * 100) + ' %';
      item.append(el('span', {}, intent.intent), el('span', { class: 'score', title: 'in how many messages it came up, and its mean score' }, share));
      closest.append(item);
    }

    const select = card.querySelector('.intent-select');
    for (const intent of model.intents) select.append(el('option', { value: intent }, intent));
    if (group.closest[0]) select.value = group.closest[0].intent;

    const chosen = () => [...card.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
    const act = (button, run) =>
      button.addEventListener('click', async (event) => {
        event.preventDefault();
        button.disabled = true;
        try {
          say(await run());
          await load();
        } catch (error) {
          say(error.message, true);
        } finally {
          button.disabled = false;
        }
      });

    act(card.querySelector('.add-phrasings'), async () => {
      const item = await call('POST', 'groups/' + group.id + '/phrasings', { days: days(), missIds: chosen(), intent: select.value, ...by() });
      return item.examples.length + ' phrasing(s) added to ' + item.intent + '; they train the bot at the next retraining.';
    });
    act(card.querySelector('.dismiss'), async () => {
      const result = await call('POST', 'groups/' + group.id + '/dismiss', { days: days() });
      return result.dismissed + ' message(s) dismissed.';
    });

    const form = card.querySelector('.new-intent');
    const answers = form.querySelector('.answers');
    for (const locale of model.locales) {
      const label = el('label', { class: 'field' }, 'Answer in ' + (LANGUAGE_NAMES[locale] || locale));
      const area = el('textarea', { name: locale, maxlength: 1000, 'data-testid': 'new-intent-answer-' + locale });
      label.append(area);
      answers.append(label);
    }
    card.querySelector('.new-intent-toggle').addEventListener('click', () => {
      form.hidden = !form.hidden;
      if (!form.hidden) form.querySelector('input').focus();
    });
    act(form.querySelector('button[type=submit]'), async () => {
      const written = {};
      for (const area of form.querySelectorAll('textarea')) if (area.value.trim()) written[area.name] = area.value.trim();
      const name = form.querySelector('.new-intent-name').value.trim();
      const item = await call('POST', 'groups/' + group.id + '/new-intent', { days: days(), missIds: chosen(), intent: name, answers: written, ...by() });
      return 'New intent ' + item.intent + ' created with ' + item.examples.length + ' phrasing(s).';
    });
    return card;
  }

  function renderAccepted(items) {
    const rows = $('accepted-rows');
    rows.replaceChildren();
    $('accepted-empty').hidden = items.length > 0;
    rows.closest('table').hidden = items.length === 0;
    for (const item of items.slice().reverse()) {
      const row = el('tr', { 'data-testid': 'accepted-row', 'data-item-id': item.id });
      const answers = item.answers
        ? Object.entries(item.answers)
            .map(([locale, text]) => locale + ': ' + text)
            .join('\n')
        : '–';
      row.append(
        el('td', {}, item.kind === 'new_intent' ? 'new FAQ intent' : 'phrasings'),
        el('td', { 'data-testid': 'accepted-intent' }, item.intent),
        el('td', {}, item.examples.map((example) => example.text).join(' · ')),
        el('td', { class: 'muted' }, answers),
        el('td', { class: 'muted' }, when(item.acceptedAt) + ' by ' + item.acceptedBy)
      );
      const cell = el('td');
      const withdraw = el('button', { type: 'button', class: 'ghost danger', 'data-testid': 'withdraw' }, 'Withdraw');
      withdraw.addEventListener('click', async () => {
        withdraw.disabled = true;
        try {
          await call('DELETE', 'accepted/' + item.id);
          say('Withdrawn: its messages are back in the list.');
          await load();
        } catch (error) {
          say(error.message, true);
          withdraw.disabled = false;
        }
      });
      cell.append(withdraw);
      row.append(cell);
      rows.append(row);
    }
  }

  async function load() {
    if (!token) {
      $('sign-in').hidden = false;
      $('board').hidden = true;
      return;
    }
    const [listing, accepted] = await Promise.all([call('GET', 'groups?days=' + days()), call('GET', 'accepted')]);
    const total = listing.groups.reduce((sum, group) => sum + group.volume, 0);
    $('summary').textContent =
      total + ' unanswered message(s) in ' + listing.groups.length + ' group(s)' + (listing.capped ? ' (the newest ' + listing.misses + ' are grouped)' : '');
    const groups = $('groups');
    groups.replaceChildren();
    if (listing.groups.length === 0)
      groups.append(el('p', { class: 'empty', 'data-testid': 'no-groups' }, 'Nothing left to review in this window. Well done.'));
    for (const group of listing.groups) groups.append(renderGroup(group));
    renderAccepted(accepted.items);
  }

  async function start() {
    try {
      model = await call('GET', 'intents');
      await load();
    } catch (error) {
      say(error.message, true);
    }
  }

  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    $('board').hidden = false;
    say('');
    start();
  });
  $('window').addEventListener('change', () => load().catch((error) => say(error.message, true)));
  $('refresh').addEventListener('click', () => load().catch((error) => say(error.message, true)));
  start();
})();
