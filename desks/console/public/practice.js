/*
 * Baton practice page: plain browser JS, no build step, beside the agent console (same sign-in token).
 * Talks to ../api/agent/practice. The session is read every second while it runs: the server delivers the
 * customer's lines as they fall due. Every text goes through textContent, never innerHTML.
 */
(function () {
  'use strict';
  const API = new URL('../api/agent/practice', location.href).toString();
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);
  const { el } = window.BatonAgentSession;
  const state = { me: null, session: null, timer: null };
  // The token, sign-in and API calls are shared with the console (agent-session.js).
  const { api } = window.BatonAgentSession.start({
    api: API,
    unreachable: 'Baton cannot be reached; check your connection.',
    signedIn,
    signedOut,
  });

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
  async function signedIn(me) {
    state.me = me;
    $('practice').hidden = false;
    $('agent-name').textContent = me.agentId || 'admin';
    $('library-panel').hidden = !me.agentId;
    $('supervisor-panel').hidden = !me.supervisor;
    if (me.agentId) await loadScripts();
    if (me.supervisor) await loadSupervisor();
  }

  function signedOut() {
    clearTimeout(state.timer);
    $('practice').hidden = true;
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

  $('start-next').addEventListener('click', () => start());
  $('reply-form').addEventListener('submit', sendReply);
  $('end-session').addEventListener('click', endSession);
  $('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const ticketId = $('add-ticket').value.trim();
    if (ticketId) addTicket(ticketId);
  });
})();
