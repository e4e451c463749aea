/*
 * Baton agent console: plain browser JS, no build step. Talks to the agent API next to it
 * (../api/agent) and its WebSocket stream. Every customer-provided string goes through textContent,
 * never innerHTML, so a transcript cannot inject markup.
 */
(function () {
  'use strict';
  const API = new URL('../api/agent', location.href).toString();
  const STREAM = API.replace(/^http/, 'ws') + '/stream';
  const $ = (id) => document.getElementById(id);
  const { el, showError } = window.BatonAgentSession;
  const state = {
    agent: null,
    queued: [],
    mine: [],
    selected: null,
    details: null,
    lineKeys: new Set(),
    ws: null,
    retryMs: 1000,
    retryTimer: null,
    /** The coach's review of the draft last refused (its phrase is what "Use phrase" prepends). */
    review: null,
    /**
     * Idempotency keys of messages composed and not yet known sent, by what they are (ticket, kind, text
     * or file): a retry of the same message sends the same key, so the desk never delivers it twice.
     */
    sendKeys: new Map(),
  };
  // The token, sign-in and API calls are shared with the practice page (agent-session.js).
  const session = window.BatonAgentSession.start({
    api: API,
    unreachable: 'The desk cannot be reached; check your connection.',
    // The coach's warning is shown beside the draft, not as an error.
    quiet: (code) => code === 'review_flagged',
    signedIn,
    signedOut,
  });
  const { api, signOut } = session;

  // ---- sign-in ----
  async function signedIn(agent) {
    state.agent = agent;
    $('desk').hidden = false;
    $('presence-box').hidden = false;
    $('agent-name').textContent = agent.name;
    $('presence').value = agent.presence;
    connect();
    await refreshQueue();
  }

  function signedOut() {
    clearTimeout(state.retryTimer);
    if (state.ws) {
      state.ws.onclose = null;
      state.ws.close();
      state.ws = null;
    }
    $('desk').hidden = true;
    $('presence-box').hidden = true;
    $('agent-name').textContent = '';
    setConnection('offline');
  }

  // ---- live stream ----
  function setConnection(text) {
    $('connection').textContent = text;
  }

  function connect() {
    const ws = new WebSocket(STREAM + '?token=' + encodeURIComponent(session.token()));
    state.ws = ws;
    setConnection('connecting…');
    ws.onmessage = (message) => {
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      onFrame(frame);
    };
    ws.onclose = (event) => {
      if (state.ws !== ws) return;
      state.ws = null;
      if (event.code === 4401) return signOut('Your session is no longer valid; sign in again.');
      setConnection('reconnecting…');
      // Backoff with jitter so a desk restart is not met by every console at the same instant.
      const delay = state.retryMs * (0.75 + Math.random() * 0.5);
      state.retryMs = Math.min(state.retryMs * 2, 30000);
      state.retryTimer = setTimeout(() => session.token() && connect(), delay);
    };
  }

  let refreshTimer = null;
  /** Coalesces bursts of queue events into one fetch. */
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshQueue, 150);
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'hello':
        state.retryMs = 1000;
        state.agent = frame.agent;
        setConnection('live');
        // Events may have been missed while disconnected: fetch the current truth.
        refreshQueue();
        if (state.selected) loadDetails(state.selected);
        break;
      case 'queue_changed':
        scheduleRefresh();
        break;
      case 'ticket_updated':
        scheduleRefresh();
        if (frame.ticket.id === state.selected && frame.ticket.agentId !== state.agent.id) closeConversation();
        break;
      case 'customer_message':
      case 'agent_message':
        if (frame.ticketId === state.selected) appendLine(frame.line);
        break;
      case 'sla_reminder':
        showError('Ticket ' + frame.ticketId + ' has waited ' + Math.round(frame.waitedSeconds / 60) + ' min.');
        break;
      case 'delivery_notice':
        // The reply did not reach the customer as written (WhatsApp's 24-hour window): the agent must know.
        if (frame.ticketId === state.selected) showError(frame.notice.message);
        break;
    }
  }

  // ---- queue and my conversations ----
  async function refreshQueue() {
    if (!session.token()) return;
    let data;
    try {
      data = await api('GET', '/queue');
    } catch {
      return;
    }
    state.queued = data.queued;
    state.mine = data.mine;
    renderQueue();
  }

  function waitText(queuedAt) {
    const seconds = Math.max(0, Math.floor((Date.now() - queuedAt) / 1000));
    const minutes = Math.floor(seconds / 60);
    return minutes > 0 ? minutes + ' min ' + (seconds % 60) + ' s' : seconds + ' s';
  }

  function badges(ticket) {
    const list = [el('span', { className: 'badge' + (ticket.reason === 'crisis' ? ' crisis' : '') }, ticket.reason.replace('_', ' '))];
    if (ticket.vip) list.push(el('span', { className: 'badge vip' }, 'VIP'));
    if (ticket.callback)
      list.push(
        el(
          'span',
          { className: 'badge', 'data-testid': 'callback-badge', title: 'Nobody could take it when it came in: the customer left a message' },
          'callback'
        )
      );
    list.push(el('span', { className: 'badge' }, 'P' + ticket.priority));
    return list;
  }

  function ticketItem(ticket, testid, action) {
    return el(
      'li',
      { className: 'ticket' + (ticket.id === state.selected ? ' selected' : ''), 'data-testid': testid, 'data-ticket-id': ticket.id },
      el('div', { className: 'row' }, el('strong', {}, ticket.customerName), el('span', {}, ...badges(ticket))),
      el('div', { className: 'meta' }, ticket.reasonDetail),
      el(
        'div',
        { className: 'row meta' },
        el(
          'span',
          {},
          ticket.channel + ' · ' + ticket.language + ' · ' + ticket.skill + ' · waiting ',
          el('span', { 'data-queued-at': ticket.queuedAt }, waitText(ticket.queuedAt))
        ),
        action
      ),
      ...(ticket.routedBy ? [el('div', { className: 'meta', 'data-testid': 'routed-by' }, 'Routed: ' + ticket.routedBy)] : [])
    );
  }

  function renderQueue() {
    $('queue').replaceChildren(
      ...state.queued.map((ticket) =>
        ticketItem(ticket, 'queue-item', el('button', { 'data-testid': 'claim-button', onclick: () => claim(ticket.id) }, 'Claim'))
      )
    );
    $('queue-empty').hidden = state.queued.length > 0;
    $('mine').replaceChildren(...state.mine.map((ticket) => ticketItem(ticket, 'mine-item', el('button', { onclick: () => loadDetails(ticket.id) }, 'Open'))));
  }

  async function claim(ticketId) {
    try {
      await api('POST', '/tickets/' + encodeURIComponent(ticketId) + '/claim');
    } catch {
      return refreshQueue();
    }
    await refreshQueue();
    await loadDetails(ticketId);
  }

  async function takeNext() {
    let result;
    try {
      result = await api('POST', '/claim-next');
    } catch {
      return;
    }
    await refreshQueue();
    await loadDetails(result.ticket.id);
  }

  // ---- the conversation ----
  async function loadDetails(ticketId) {
    let details;
    try {
      details = await api('GET', '/tickets/' + encodeURIComponent(ticketId));
    } catch {
      return;
    }
    const switched = state.selected !== ticketId;
    if (switched) hideCoach();
    state.selected = ticketId;
    state.details = details;
    $('placeholder').hidden = true;
    $('conversation').hidden = false;
    renderHeader(details);
    state.lineKeys = new Set();
    $('transcript').replaceChildren();
    details.transcript.forEach(appendLine);
    const suggested = $('suggested');
    suggested.hidden = !details.suggestedAnswer;
    suggested.textContent = details.suggestedAnswer ? 'Suggested: ' + details.suggestedAnswer : '';
    if (switched) loadCanned(details.market || details.language);
    renderQueue();
  }

  function fact(name, value) {
    return el('div', {}, el('dt', {}, name), el('dd', {}, value));
  }

  function renderHeader(d) {
    $('c-name').textContent = d.customerName;
    const inferred = { phone: ', from the phone number', language: ', from the language' }[d.customerTimeZoneSource] || '';
    const local = d.customerLocalTime ? d.customerLocalTime + (d.customerTimeZone ? ' (' + d.customerTimeZone + inferred + ')' : '') : 'unknown';
    $('c-facts').replaceChildren(
      fact('Channel', d.channel),
      fact('Language', d.language),
      fact('Local time', local),
      fact('Intent', d.lastIntent || '—'),
      fact('Reason', d.reason.replace('_', ' ') + ': ' + d.reasonDetail),
      fact('Queue', d.skill + (d.routedBy ? ' (rule: ' + d.routedBy + ')' : '')),
      ...(d.vip ? [fact('Customer', 'VIP')] : [])
    );
    $('c-order').replaceChildren(...Object.entries(d.orderFacts || {}).map(([key, value]) => fact(key, value)));
    renderTrend(d.emotionTrend || []);
  }

  /** A sparkline of emotion scores (-1..1), oldest left; the numbers beside it for screen readers. */
  function renderTrend(scores) {
    const svg = $('c-trend');
    svg.replaceChildren();
    $('c-trend-numbers').textContent = scores.map((s) => s.toFixed(2)).join(' ');
    if (scores.length < 2) return;
    const points = scores.map((s, i) => (i * 116) / (scores.length - 1) + 2 + ',' + (14 - s * 12)).join(' ');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', points);
    svg.append(line);
  }

  /** A file on a line: a thumbnail that opens the picture, a player, or a download link (signed, short-lived URLs). */
  function mediaNode(item) {
    const label = (item.name || item.kind) + ' · ' + Math.max(1, Math.round(item.size / 1024)) + ' KB';
    if (item.kind === 'image') {
      const img = el('img', { className: 'thumb', src: item.url, alt: item.name || 'photo', 'data-testid': 'media-thumbnail' });
      return el('a', { href: item.url, target: '_blank', rel: 'noopener', title: 'Open ' + label, 'data-testid': 'media-open' }, img);
    }
    if (item.kind === 'audio' || item.kind === 'video')
      return el(item.kind, { controls: true, preload: 'metadata', src: item.url, title: label, className: 'player', 'data-testid': 'media-player' });
    return el('a', { href: item.downloadUrl, rel: 'noopener', 'data-testid': 'media-file' }, '\u{1F4C4} ' + label);
  }

  function appendLine(line) {
    const files = line.attachments || [];
    const key = line.from + '|' + line.at + '|' + line.text + '|' + files.map((item) => item.mediaId).join(',');
    if (state.lineKeys.has(key)) return;
    state.lineKeys.add(key);
    const who =
      { customer: 'Customer', bot: 'Bot', agent: line.agentId || 'Agent', note: 'Note · ' + (line.agentId || ''), system: '' }[line.from] || line.from;
    const time = new Date(line.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const list = $('transcript');
    const item = el(
      'li',
      { className: 'line', 'data-testid': 'transcript-line', 'data-from': line.from },
      el('span', { className: 'who' }, who + ' · ' + time),
      line.text,
      ...(files.length ? [el('div', { className: 'media' }, ...files.map(mediaNode))] : [])
    );
    // Translated at the desk boundary: the other language's text is one click away.
    if (line.original) {
      const label = line.from === 'agent' ? 'Sent as' : 'Original';
      const original = el(
        'span',
        { className: 'original', hidden: true, 'data-testid': 'original-text' },
        label + (line.originalLanguage ? ' (' + line.originalLanguage + ')' : '') + ': ' + line.original
      );
      const toggle = el(
        'button',
        { type: 'button', className: 'show-original', 'data-testid': 'show-original' },
        line.from === 'agent' ? 'sent text' : 'original'
      );
      toggle.addEventListener('click', () => {
        original.hidden = !original.hidden;
      });
      item.append(' ', toggle, original);
    }
    if (line.translationNotice) item.append(el('span', { className: 'translation-notice' }, line.translationNotice));
    list.append(item);
    list.scrollTop = list.scrollHeight;
  }

  async function loadCanned(language) {
    let data;
    try {
      data = await api('GET', '/canned?locale=' + encodeURIComponent(language));
    } catch {
      return;
    }
    $('canned').replaceChildren(
      ...data.replies.map((reply) =>
        el('button', { type: 'button', 'data-testid': 'canned-reply', title: reply.text, onclick: () => insert(reply.text) }, reply.name)
      )
    );
  }

  function insert(text) {
    const box = $('reply');
    box.value = box.value ? box.value + ' ' + text : text;
    box.focus();
  }

  function closeConversation() {
    hideCoach();
    state.selected = null;
    state.details = null;
    $('conversation').hidden = true;
    $('placeholder').hidden = false;
    renderQueue();
  }

  // ---- the coach (docs/agents-coach.md): the server reviews every reply; a flagged one comes back unsent ----
  function showCoach(review, warning) {
    state.review = review;
    $('coach-text').textContent = 'Not sent yet. ' + warning;
    $('coach').hidden = false;
  }

  function hideCoach() {
    state.review = null;
    $('coach').hidden = true;
  }

  function usePhrase() {
    if (!state.review) return;
    const box = $('reply');
    const phrase = state.review.phrase;
    if (!box.value.includes(phrase)) box.value = phrase + (/[\u3000-\u303f\uff00-\uffef]$/.test(phrase) ? '' : ' ') + box.value.trim();
    box.focus();
  }

  async function suggestReply() {
    if (!state.selected) return;
    let suggestion;
    try {
      suggestion = await api('GET', '/tickets/' + encodeURIComponent(state.selected) + '/suggested-reply');
    } catch {
      return;
    }
    // Never lose what the agent typed (read after the wait: they may have typed meanwhile): the suggestion
    // goes above the draft, once.
    const box = $('reply');
    const draft = box.value.trim();
    if (!draft) box.value = suggestion.text;
    else if (!draft.includes(suggestion.text)) box.value = suggestion.text + '\n\n' + draft;
    box.focus();
  }

  /** A fresh idempotency key (128 random bits in hex; crypto.randomUUID needs a secure context). */
  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Told when the desk answers `repeated`: the message went out on an earlier attempt. */
  const ALREADY_SENT =
    'This message had already been sent by an earlier attempt whose answer was lost, so it was not sent again. Send it once more to send it a second time.';

  /** Drops the kept keys of the selected ticket's messages whose words the box no longer holds (the draft was edited). */
  function dropEditedKeys() {
    const now = $('reply').value.trim();
    for (const what of [...state.sendKeys.keys()]) {
      const [ticketId, kind, ...rest] = JSON.parse(what);
      const words = kind === 'file' ? rest[rest.length - 1] : rest[0];
      if (ticketId === state.selected && words !== now) state.sendKeys.delete(what);
    }
  }

  /** The key of the message `what` names: the one its earlier attempt used, or a new one. */
  function keyFor(what) {
    if (!state.sendKeys.has(what)) {
      // Bounded: a page open all day keeps only the latest unsent messages' keys.
      if (state.sendKeys.size >= 50) state.sendKeys.delete(state.sendKeys.keys().next().value);
      state.sendKeys.set(what, newKey());
    }
    return state.sendKeys.get(what);
  }

  async function send(event, options) {
    if (event) event.preventDefault();
    const sendAnyway = Boolean(options && options.sendAnyway);
    const box = $('reply');
    const text = box.value.trim();
    if (!text) return showError('The text is empty; write something before sending.');
    const kind = $('note').checked ? 'note' : 'reply';
    const body = { text };
    if (kind === 'reply') {
      body.sendAnyway = sendAnyway;
      body.usedPhrase = Boolean(state.review && text.includes(state.review.phrase));
    }
    // A reply keeps its key until it is known sent (or its words are edited): "Try again" after a failure
    // cannot deliver it twice.
    const what = JSON.stringify([state.selected, kind, text]);
    const headers = kind === 'reply' ? { 'idempotency-key': keyFor(what) } : undefined;
    let answer;
    try {
      answer = await api('POST', '/tickets/' + encodeURIComponent(state.selected) + '/' + kind, body, headers);
    } catch (error) {
      if (error.code === 'review_flagged') showCoach(error.data.review, error.message);
      return;
    }
    state.sendKeys.delete(what);
    hideCoach();
    // An earlier attempt whose answer was lost had sent it: say so, and keep the words, so "send" now sends them again.
    if (answer && answer.repeated) return showError(ALREADY_SENT);
    box.value = '';
    // Without a live stream the new line would not arrive as an event; fetch it instead.
    if (!state.ws || state.ws.readyState !== WebSocket.OPEN) loadDetails(state.selected);
  }

  /** Sends a file to the customer (the reply box's text as its caption); the server sniffs and checks it. */
  async function sendFile(file) {
    if (!state.selected || !file) return;
    const box = $('reply');
    const caption = box.value.trim();
    const what = JSON.stringify([state.selected, 'file', file.name, file.size, file.lastModified, caption]);
    let res;
    try {
      res = await fetch(API + '/tickets/' + encodeURIComponent(state.selected) + '/media' + (caption ? '?caption=' + encodeURIComponent(caption) : ''), {
        method: 'POST',
        headers: {
          authorization: 'Bearer ' + session.token(),
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name || 'file'),
          // The same file picked again after a failure is the same message: one delivery at most.
          'idempotency-key': keyFor(what),
        },
        body: file,
      });
    } catch {
      return showError('The desk cannot be reached; check your connection.');
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) return showError((data.error && data.error.message) || 'The file was not sent (' + res.status + ').');
    state.sendKeys.delete(what);
    if (data.repeated) return showError(ALREADY_SENT);
    if (caption) box.value = '';
    if (!state.ws || state.ws.readyState !== WebSocket.OPEN) loadDetails(state.selected);
  }

  async function finish(action, body) {
    if (!state.selected) return;
    try {
      await api('POST', '/tickets/' + encodeURIComponent(state.selected) + '/' + action, body);
    } catch {
      return;
    }
    closeConversation();
    refreshQueue();
  }

  function transfer() {
    const target = prompt('Transfer to an agent id, or to a skill as "skill:<name>" (e.g. skill:billing):');
    if (!target || !target.trim()) return;
    const value = target.trim();
    finish('transfer', value.startsWith('skill:') ? { toSkill: value.slice(6).trim() } : { toAgentId: value });
  }

  // ---- wiring ----
  $('presence').addEventListener('change', async (event) => {
    try {
      state.agent = await api('PUT', '/me/presence', { presence: event.target.value });
    } catch {
      $('presence').value = state.agent.presence;
    }
  });
  $('take-next').addEventListener('click', takeNext);
  $('reply-form').addEventListener('submit', send);
  $('attach').addEventListener('click', () => $('attach-input').click());
  $('attach-input').addEventListener('change', async (event) => {
    for (const file of Array.from(event.target.files || [])) await sendFile(file);
    event.target.value = '';
  });
  // A pasted screenshot goes as a file.
  // An edited draft is another message: it gets a key of its own, even if it is edited back to the same words.
  $('reply').addEventListener('input', dropEditedKeys);
  $('reply').addEventListener('paste', (event) => {
    const files = Array.from((event.clipboardData && event.clipboardData.files) || []);
    if (!files.length) return;
    event.preventDefault();
    files.forEach(sendFile);
  });
  $('reply').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) send(event);
  });
  $('suggested').addEventListener('click', () => state.details && insert(state.details.suggestedAnswer));
  $('suggest-reply').addEventListener('click', suggestReply);
  $('coach-phrase').addEventListener('click', usePhrase);
  $('coach-send').addEventListener('click', () => send(null, { sendAnyway: true }));
  $('resolve').addEventListener('click', () => finish('resolve'));
  $('return').addEventListener('click', () => finish('return'));
  $('transfer').addEventListener('click', transfer);
  // Wait times tick without refetching.
  setInterval(() => document.querySelectorAll('[data-queued-at]').forEach((node) => (node.textContent = waitText(Number(node.dataset.queuedAt)))), 1000);
})();
