/*
 * Baton practice page: plain browser JS, no build step, beside the agent console (same sign-in token).
 * Talks to ../api/agent/practice. The session is read every second while it runs: the server delivers the
 * customer's lines as they fall due. Every text goes through textContent, never innerHTML.
 */
(function () {
  'use strict';
  const API = new URL('../api/agent/practice', location.href).toString();
  const TOKEN_KEY = 'baton.agentToken';
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);
  const state = { token: null, me: null, session: null, timer: null };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'onclick') node.addEventListener('click', value);
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
    return node;
  }

  function showError(message) {
    const banner = $('error');
    banner.textContent = message;
    banner.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => (banner.hidden = true), 8000);
  }

  async function api(method, path, body) {
    const headers = { authorization: 'Bearer ' + state.token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      showError('Baton cannot be reached; check your connection.');
      throw error;
    }
    const data = await res.json().catch(() => ({}));
    if (res.ok) return data;
    const message = (data.error && data.error.message) || 'Request failed (' + res.status + ').';
    if (res.status === 401) signOut(message);
    else showError(message);
    throw Object.assign(new Error(message), { code: data.error && data.error.code });
  }

  const SCENARIOS = {
    late_delivery: 'late delivery',
    damaged_or_wrong_item: 'damaged or wrong item',
    refund_waiting: 'refund wait',
    payment_problem: 'payment problem',
    generic: 'general',
  };
  const mark = (value) => (value === null || value === undefined ? 'n/a' : String(value));
  const when = (at) => new Date(at).toLocaleString();

  // ---- sign-in ----
  async function signIn(token) {
    state.token = token;
    try {
      state.me = await api('GET', '/me');
    } catch {
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    $('practice').hidden = false;
    $('sign-out').hidden = false;
    $('agent-name').textContent = state.me.agentId || 'admin';
    $('library-panel').hidden = !state.me.agentId;
    $('supervisor-panel').hidden = !state.me.supervisor;
    if (state.me.agentId) await loadScripts();
    if (state.me.supervisor) await loadSupervisor();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    clearTimeout(state.timer);
    $('practice').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    if (message) showError(message);
  }

  // ---- trainee ----
  async function loadScripts() {
    const { scripts } = await api('GET', '/scripts');
    const list = $('scripts');
    list.replaceChildren(
      ...scripts.map((script) =>
        el(
          'li',
          { 'data-testid': 'practice-script', 'data-script-id': script.id },
          el(
            'span',
            { className: 'grow' },
            (SCENARIOS[script.scenario] || script.scenario) + ' · ' + script.locale + ' · ' + script.lines + ' customer messages'
          ),
          el('button', { onclick: () => start(script.id) }, 'Practise')
        )
      )
    );
    $('scripts-empty').hidden = scripts.length > 0;
  }

  async function start(scriptId) {
    let session;
    try {
      session = await api('POST', '/sessions', scriptId ? { scriptId } : {});
    } catch {
      return;
    }
    $('summary').hidden = true;
    $('reply').value = '';
    show(session);
  }

  function show(session) {
    state.session = session;
    $('session-panel').hidden = false;
    $('session-meta').textContent = '(' + (SCENARIOS[session.scenario] || session.scenario) + ', ' + session.locale + ')';
    $('context').replaceChildren(
      ...session.context.map((text) => el('li', { className: 'line', 'data-from': 'bot' }, el('span', { className: 'who' }, 'Earlier, to the bot'), ' ', text))
    );
    const items = [
      ...session.lines.map((line) => ({ from: 'customer', text: line.text, at: line.at })),
      ...session.replies.map((reply) => ({ from: 'agent', text: reply.text, at: reply.at })),
    ].sort((a, b) => a.at - b.at || (a.from === 'customer' ? -1 : 1));
    $('chat').replaceChildren(
      ...items.map((item) =>
        el(
          'li',
          { className: 'line', 'data-from': item.from, 'data-testid': 'practice-line' },
          el('span', { className: 'who' }, item.from === 'customer' ? 'Customer' : 'You'),
          ' ',
          item.text
        )
      )
    );
    const running = session.state === 'running';
    $('reply-form').hidden = !running;
    $('end-session').hidden = !running;
    $('typing').textContent = running
      ? session.linesLeft > 0
        ? 'The customer may write again…'
        : 'The customer has said everything; answer and the session ends.'
      : '';
    clearTimeout(state.timer);
    if (running) state.timer = setTimeout(poll, POLL_MS);
    else showSummary($('summary'), session);
  }

  async function poll() {
    const current = state.session;
    if (!current || current.state !== 'running') return;
    try {
      show(await api('GET', '/sessions/' + encodeURIComponent(current.id)));
    } catch {
      state.timer = setTimeout(poll, POLL_MS * 3);
    }
  }

  function showSummary(box, session) {
    const summary = session.summary;
    box.hidden = false;
    box.replaceChildren(
      el('div', { className: 'score', 'data-testid': 'practice-score' }, summary.overall + ' / 100'),
      el(
        'div',
        { className: 'marks' },
        el('span', {}, 'Time: ' + mark(summary.time)),
        el('span', {}, 'Tone: ' + mark(summary.tone)),
        el('span', {}, 'Empathy: ' + mark(summary.empathy)),
        el('span', {}, 'First reply: ' + (summary.firstReplyMs === null ? 'n/a' : Math.round(summary.firstReplyMs / 1000) + ' s'))
      ),
      el('ul', {}, ...summary.notes.map((note) => el('li', {}, note))),
      el('h3', {}, 'Your replies'),
      el(
        'ol',
        { className: 'reply-notes' },
        ...session.replies.map((reply) =>
          el(
            'li',
            { 'data-testid': 'practice-reply-note' },
            el('strong', {}, reply.text),
            el(
              'div',
              { className: 'muted' },
              'time ' + mark(reply.scores.time) + ' · tone ' + mark(reply.scores.tone) + ' · empathy ' + mark(reply.scores.empathy)
            ),
            ...reply.notes.map((note) => el('div', {}, note))
          )
        )
      )
    );
  }

  async function sendReply(event) {
    event.preventDefault();
    const text = $('reply').value.trim();
    if (!text || !state.session) return;
    try {
      const session = await api('POST', '/sessions/' + encodeURIComponent(state.session.id) + '/replies', { text });
      $('reply').value = '';
      show(session);
      if (session.state === 'finished' && state.me.supervisor) await loadSupervisor();
    } catch {
      // The banner says why; the draft stays.
    }
  }

  async function endSession() {
    if (!state.session) return;
    try {
      show(await api('POST', '/sessions/' + encodeURIComponent(state.session.id) + '/end'));
      if (state.me.supervisor) await loadSupervisor();
    } catch {
      // shown
    }
  }

  // ---- supervisor ----
  async function loadSupervisor() {
    const [{ sessions }, { scripts, candidates }] = await Promise.all([api('GET', '/results?limit=100'), api('GET', '/library')]);
    $('results').replaceChildren(
      ...sessions.map((session) => {
        const summary = session.summary || {};
        return el(
          'tr',
          { 'data-testid': 'practice-result', 'data-agent-id': session.agentId },
          el('td', {}, session.agentName),
          el('td', {}, when(session.startedAt)),
          el('td', {}, session.state === 'finished' ? 'finished' : 'running'),
          el('td', { 'data-testid': 'practice-result-overall' }, mark(summary.overall)),
          el('td', {}, mark(summary.time)),
          el('td', {}, mark(summary.tone)),
          el('td', {}, mark(summary.empathy)),
          el('td', {}, el('button', { className: 'link', onclick: () => showResult(session) }, 'Replies'))
        );
      })
    );
    $('library').replaceChildren(
      ...scripts.map((script) =>
        el(
          'li',
          { 'data-testid': 'practice-library-item' },
          el(
            'span',
            { className: 'grow' },
            (SCENARIOS[script.scenario] || script.scenario) +
              ' · ' +
              script.locale +
              ' · ' +
              script.lines.length +
              ' lines · ' +
              (script.lines[0] ? script.lines[0].text : '')
          ),
          el('button', { onclick: () => readScript(script), 'data-testid': 'practice-read-script' }, 'Read'),
          el('button', { onclick: () => removeScript(script.id) }, 'Remove')
        )
      )
    );
    $('candidates').replaceChildren(
      ...candidates.map((candidate) =>
        el(
          'li',
          { 'data-testid': 'practice-candidate', 'data-ticket-id': candidate.ticketId },
          el(
            'span',
            { className: 'grow' },
            candidate.ticketId + ' · ' + candidate.reason.replace('_', ' ') + ' · ' + candidate.language + ' · resolved ' + when(candidate.resolvedAt)
          ),
          candidate.inLibrary
            ? el('span', { className: 'muted' }, 'in the library')
            : el('button', { onclick: () => addTicket(candidate.ticketId) }, 'Add to practice')
        )
      )
    );
  }

  function showResult(session) {
    const box = $('result-detail');
    if (session.state !== 'finished') {
      box.hidden = false;
      box.replaceChildren(el('p', {}, session.agentName + ' is still practising (' + session.replies.length + ' replies so far).'));
      return;
    }
    showSummary(box, session);
    box.prepend(el('p', { className: 'muted' }, session.agentName + ', ' + when(session.startedAt)));
  }

  // What trainees will see, to check the anonymisation before they practise.
  function readScript(script) {
    const box = $('result-detail');
    box.hidden = false;
    box.replaceChildren(
      el('p', { className: 'muted' }, 'Earlier, to the bot: ' + (script.context.join(' / ') || '(nothing)')),
      el('ol', { 'data-testid': 'practice-script-lines' }, ...script.lines.map((line) => el('li', {}, line.text + (line.upset ? ' (upset)' : ''))))
    );
  }

  async function addTicket(ticketId) {
    try {
      await api('POST', '/library', { ticketId });
    } catch {
      return;
    }
    $('add-ticket').value = '';
    await loadSupervisor();
    if (state.me.agentId) await loadScripts();
  }

  async function removeScript(id) {
    try {
      await api('DELETE', '/library/' + encodeURIComponent(id));
    } catch {
      return;
    }
    await loadSupervisor();
    if (state.me.agentId) await loadScripts();
  }

  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('start-next').addEventListener('click', () => start());
  $('reply-form').addEventListener('submit', sendReply);
  $('end-session').addEventListener('click', endSession);
  $('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const ticketId = $('add-ticket').value.trim();
    if (ticketId) addTicket(ticketId);
  });

  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) history.replaceState(null, '', location.pathname + location.search);
  const saved = fromLink || sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn(saved);
})();
