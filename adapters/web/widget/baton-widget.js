/*
 * Baton web widget: a chat bubble for any page, speaking Direct Line 3.0 to a Baton bot.
 * <script src="https://bot.example/widget/baton-widget.js" data-title="Help" data-locale="en"></script>
 * Attributes, token flows (data-token-url, or a token for this page's origin) and settings: docs/web-channel.md.
 * No build step; received text only ever goes through textContent, never parsed as HTML.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.BatonWidget) return;
  var title = script.getAttribute('data-title') || 'Chat';
  var locale = script.getAttribute('data-locale') || navigator.language || 'en-US';
  var domain = (script.getAttribute('data-domain') || new URL(script.src, location.href).origin + '/v3/directline').replace(/\/$/, '');
  var tokenUrl = script.getAttribute('data-token-url') ? new URL(script.getAttribute('data-token-url'), location.href).href : null;
  var zh = /^zh/i.test(locale);
  var t = zh
    ? { open: '在线客服', close: '关闭', placeholder: '请输入消息…', send: '发送', typing: '正在输入…', failed: '发送失败，请重试', offline: '连接中断，正在重连…', attach: '发送照片或文件', drop: '松开即可发送', busy: '现在较忙，文件未发送。请稍后点击它重试。' }
    : { open: 'Open chat', close: 'Close chat', placeholder: 'Type a message…', send: 'Send', typing: 'Typing…', failed: 'Not sent. Try again.', offline: 'Connection lost, reconnecting…', attach: 'Send a photo or file', drop: 'Drop to send', busy: 'Busy: your file was not sent. Tap it to try again.' };
  var storeKey = 'baton-widget:' + domain + (tokenUrl ? '|' + tokenUrl : ''); // a signed-in page never resumes an anonymous chat
  var state = load() || {};
  if (!state.userId) state.userId = 'w_' + Math.random().toString(36).slice(2, 12);
  var watermark = ''; // in memory on purpose: a reload replays the history into the empty panel
  var seen = {}; // activity ids rendered (stream and polling may overlap)
  var pending = {}; // clientActivityID -> element, for the user's own echoed messages
  var socket, pollTimer, typingTimer, refreshTimer, retries = 0, connecting = null, closedByUs = false, checked = false;

  function load() { try { return JSON.parse(sessionStorage.getItem(storeKey) || 'null'); } catch (e) { return null; } }
  function save() { try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode: no resume */ } }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = String(text);
    return node;
  }
  function safeUrl(url) { return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null; }

  // ---- DOM
  var css = '.bw-launch{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#2457d6;color:#fff;font-size:26px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000}' +
    '.bw-panel{position:fixed;right:20px;bottom:88px;width:360px;height:520px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);font:14px/1.4 system-ui,sans-serif;color:#1b1b1b;z-index:2147483001;overflow:hidden}' +
    '.bw-panel[hidden]{display:none}.bw-head{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#2457d6;color:#fff;font-weight:600}' +
    '.bw-head button{background:none;border:0;color:#fff;font-size:22px;cursor:pointer}.bw-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px}' +
    '.bw-msg{max-width:80%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}.bw-bot{align-self:flex-start;background:#eef1f6}.bw-user{align-self:flex-end;background:#2457d6;color:#fff}.bw-agent{font-size:11px;font-weight:600;color:#2457d6}' +
    '.bw-failed{opacity:.6;border:1px dashed #c00}.bw-note{align-self:center;font-size:12px;color:#666}.bw-typing{align-self:flex-start;color:#666;font-style:italic;padding:0 4px}' +
    '.bw-actions{display:flex;flex-wrap:wrap;gap:6px}.bw-actions button,.bw-card button{border:1px solid #2457d6;background:#fff;color:#2457d6;border-radius:16px;padding:5px 12px;cursor:pointer}' +
    '.bw-card{align-self:flex-start;max-width:85%;border:1px solid #dde;border-radius:10px;overflow:hidden;background:#fff}.bw-card img{display:block;max-width:100%}.bw-card div{padding:4px 10px}.bw-card b{display:block;padding:8px 10px 0}' +
    '.bw-media{align-self:flex-start;max-width:85%}.bw-media img,.bw-media video{display:block;max-width:100%;max-height:240px;border-radius:10px}.bw-media audio{max-width:100%}.bw-mine{align-self:flex-end}' +
    '.bw-file{color:inherit;text-decoration:underline}.bw-attach{border:0;background:none;font-size:20px;padding:0 10px;cursor:pointer}.bw-drop{outline:3px dashed #2457d6;outline-offset:-6px}' +
    '.bw-form{display:flex;border-top:1px solid #e3e3e3}.bw-form input{flex:1;border:0;padding:12px;font:inherit;min-width:0}.bw-form button{border:0;background:#2457d6;color:#fff;padding:0 16px;font:inherit;cursor:pointer}' +
    '.bw-panel :focus-visible,.bw-launch:focus-visible{outline:3px solid #f5a623;outline-offset:2px}' +
    '@media (max-width:480px){.bw-panel{right:0;bottom:0;width:100vw;height:100%;max-height:none;border-radius:0}}';
  // A strict CSP blocks <style>, not constructed sheets.
  var d = document, sheet = d.adoptedStyleSheets && new CSSStyleSheet();
  if (sheet) sheet.replaceSync(css), d.adoptedStyleSheets = d.adoptedStyleSheets.concat(sheet);
  else d.head.appendChild(el('style', null, css));

  var launcher = el('button', 'bw-launch', '\u{1F4AC}');
  launcher.type = 'button';
  launcher.setAttribute('aria-label', t.open);
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('data-testid', 'baton-launcher');
  var panel = el('section', 'bw-panel');
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  panel.setAttribute('data-testid', 'baton-panel');
  var head = el('div', 'bw-head');
  head.appendChild(el('span', null, title));
  var closeBtn = el('button', null, '\u00D7');
  closeBtn.type = 'button';
  closeBtn.setAttribute('aria-label', t.close);
  closeBtn.setAttribute('data-testid', 'baton-close');
  head.appendChild(closeBtn);
  var log = el('div', 'bw-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('data-testid', 'baton-messages');
  var typing = el('div', 'bw-typing', t.typing);
  typing.hidden = true;
  typing.setAttribute('data-testid', 'typing-indicator');
  var form = el('form', 'bw-form');
  var input = el('input');
  input.type = 'text';
  input.maxLength = 4000;
  input.placeholder = t.placeholder;
  input.setAttribute('aria-label', t.placeholder);
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('data-testid', 'baton-input');
  var sendBtn = el('button', null, t.send);
  sendBtn.type = 'submit';
  sendBtn.setAttribute('data-testid', 'baton-send');
  // Photos and files: the paper clip, drag and drop onto the panel, or paste (a screenshot) into the input.
  var attachBtn = el('button', 'bw-attach', '\u{1F4CE}');
  attachBtn.type = 'button';
  attachBtn.setAttribute('aria-label', t.attach);
  attachBtn.title = t.attach;
  attachBtn.setAttribute('data-testid', 'baton-attach');
  var fileInput = el('input');
  fileInput.type = 'file';
  fileInput.multiple = true;
  fileInput.hidden = true;
  fileInput.accept = 'image/*,audio/*,video/*,application/pdf,text/plain,.docx,.xlsx';
  fileInput.setAttribute('data-testid', 'baton-file');
  form.appendChild(attachBtn);
  form.appendChild(fileInput);
  form.appendChild(input);
  form.appendChild(sendBtn);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  document.body.appendChild(launcher);
  document.body.appendChild(panel);

  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    input.focus();
    connect();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }
  launcher.addEventListener('click', function () { panel.hidden ? open() : close(); });
  closeBtn.addEventListener('click', close);
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') close(); });
  attachBtn.addEventListener('click', function () { fileInput.click(); });
  fileInput.addEventListener('change', function () {
    if (fileInput.files && fileInput.files.length) upload(Array.prototype.slice.call(fileInput.files));
    fileInput.value = '';
  });
  panel.addEventListener('dragover', function (e) {
    if (!e.dataTransfer || Array.prototype.indexOf.call(e.dataTransfer.types || [], 'Files') < 0) return;
    e.preventDefault();
    panel.classList.add('bw-drop');
  });
  panel.addEventListener('dragleave', function (e) { if (e.target === panel) panel.classList.remove('bw-drop'); });
  panel.addEventListener('drop', function (e) {
    panel.classList.remove('bw-drop');
    if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
    e.preventDefault();
    upload(Array.prototype.slice.call(e.dataTransfer.files));
  });
  input.addEventListener('paste', function (e) {
    var items = (e.clipboardData && e.clipboardData.items) || [], files = [];
    for (var i = 0; i < items.length; i++) if (items[i].kind === 'file') { var f = items[i].getAsFile(); if (f) files.push(f); }
    if (!files.length) return; // plain text pastes as usual
    e.preventDefault();
    upload(files);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });

  // ---- rendering
  function scroll() { log.scrollTop = log.scrollHeight; }
  function append(node) { log.insertBefore(node, typing.parentNode === log ? typing : null); scroll(); }
  function bubble(text, who) {
    var node = el('div', 'bw-msg bw-' + who, text);
    node.setAttribute('data-testid', 'message-' + who);
    append(node);
    return node;
  }
  function clearActions() {
    var old = log.querySelectorAll('.bw-actions');
    for (var i = 0; i < old.length; i++) old[i].remove();
  }
  function actionButton(action) {
    var label = action.title || action.value || '';
    var b = el('button', null, label);
    b.type = 'button';
    b.setAttribute('data-testid', 'suggested-action');
    b.addEventListener('click', function () {
      var url = action.type === 'openUrl' && safeUrl(action.value);
      if (url) return void window.open(url, '_blank', 'noopener');
      send(typeof action.value === 'string' && action.value ? action.value : label);
    });
    return b;
  }
  function card(content) {
    var box = el('div', 'bw-card');
    box.setAttribute('data-testid', 'card');
    var img = content.images && content.images[0] && safeUrl(content.images[0].url);
    if (img) {
      var image = el('img');
      image.src = img;
      image.alt = content.images[0].alt || '';
      box.appendChild(image);
    }
    if (content.title) box.appendChild(el('b', null, content.title));
    if (content.subtitle) box.appendChild(el('div', null, content.subtitle));
    if (content.text) box.appendChild(el('div', null, content.text));
    if (content.buttons && content.buttons.length) {
      var row = el('div', 'bw-actions');
      content.buttons.forEach(function (a) { row.appendChild(actionButton(a)); });
      box.appendChild(row);
    }
    append(box);
  }
  // A file: a picture, a player, or a link; only http(s) URLs (the server's signed ones) are used.
  function media(a, mine) {
    var url = safeUrl(a.contentUrl), type = a.contentType || '', box = el('div', 'bw-media' + (mine ? ' bw-mine' : ''));
    if (!url) return;
    box.setAttribute('data-testid', 'media-' + (mine ? 'user' : 'bot'));
    var node;
    if (/^image\//.test(type)) { node = el('img'); node.alt = a.name || ''; }
    else if (/^audio\//.test(type)) { node = el('audio'); node.controls = true; }
    else if (/^video\//.test(type)) { node = el('video'); node.controls = true; }
    else { node = el('a', 'bw-file bw-msg ' + (mine ? 'bw-user' : 'bw-bot'), '\u{1F4C4} ' + (a.name || 'file')); node.href = url; node.target = '_blank'; node.rel = 'noopener'; }
    if (node.tagName !== 'A') node.src = url;
    box.appendChild(node);
    append(box);
  }
  function render(activity) {
    if (!activity || (activity.id && seen[activity.id])) return;
    if (activity.id) seen[activity.id] = true;
    var mine = activity.from && (activity.from.role === 'user' || activity.from.id === state.userId);
    if (mine) {
      var cid = activity.channelData && activity.channelData.clientActivityID;
      if (cid && pending[cid]) return void delete pending[cid]; // already shown when sent
      if (activity.type === 'message' && activity.text) bubble(activity.text, 'user');
      if (activity.type === 'message') (activity.attachments || []).forEach(function (a) { media(a, true); });
      return;
    }
    if (activity.type === 'typing') {
      typing.hidden = false;
      log.appendChild(typing);
      scroll();
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typing.hidden = true; }, 5000);
      return;
    }
    if (activity.type !== 'message') return;
    typing.hidden = true;
    if (activity.text) {
      var node = bubble(activity.text, 'bot'), b = activity.channelData && activity.channelData.baton;
      // An agent wrote it: name them.
      if (b && b.agentName) node.insertBefore(el('div', 'bw-agent', b.agentName), node.firstChild);
    }
    (activity.attachments || []).forEach(function (a) {
      if (a.contentType === 'application/vnd.microsoft.card.hero' || a.contentType === 'application/vnd.microsoft.card.thumbnail') card(a.content || {});
      else if (safeUrl(a.contentUrl)) media(a, false);
      else if (a.name) bubble(a.name, 'bot');
    });
    var actions = activity.suggestedActions && activity.suggestedActions.actions;
    clearActions();
    if (actions && actions.length) {
      var row = el('div', 'bw-actions');
      actions.forEach(function (a) { row.appendChild(actionButton(a)); });
      append(row);
    }
  }
  function receive(set) {
    if (!set) return;
    (set.activities || []).forEach(render);
    if (set.watermark != null && set.watermark !== '') watermark = set.watermark;
  }

  // ---- Direct Line
  function json(r) {
    if (!r.ok) { var e = new Error('HTTP ' + r.status); e.status = r.status; throw e; }
    return r.json();
  }
  function api(method, path, body, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token === undefined) token = state.token; // null: no credential (asking for the first token)
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(domain + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(json);
  }
  function userIn(token) { try { return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).user; } catch (e) { return undefined; } }
  function connect() {
    if (connecting) return connecting;
    // Signed in as someone else since (same tab)? Their conversation is not resumed: a new one starts.
    var check = state.conversationId && tokenUrl && !checked ? firstToken().then(function (r) {
      checked = true;
      if (r && r.token && userIn(r.token) !== userIn(state.token || '')) { state = { userId: state.userId }; return r; }
    }) : Promise.resolve();
    var resume = check.then(function (fresh) {
      return !state.conversationId ? start(fresh) : api('GET', '/conversations/' + encodeURIComponent(state.conversationId) + '?watermark=' + encodeURIComponent(watermark)).catch(function (e) {
          if (e.status >= 400 && e.status < 500) { state = { userId: state.userId }; return start(); } // expired or gone: start afresh
          throw e;
        });
    });
    connecting = resume.then(function (conv) {
      state.conversationId = conv.conversationId;
      state.token = conv.token;
      save();
      scheduleRefresh(conv.expires_in);
      retries < 3 && typeof WebSocket === 'function' ? openSocket(conv.streamUrl) : poll();
    }).catch(function () {
      connecting = null;
      note(t.offline);
      setTimeout(connect, backoff());
    });
    return connecting;
  }
  // A new conversation starts with a token: the shop's backend's (user id inside), or Baton's for this origin.
  function firstToken() {
    if (tokenUrl) return fetch(tokenUrl, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(json);
    return api('POST', '/tokens/origin', { user: { id: state.userId } }, null);
  }
  function start(fresh) {
    return (fresh ? Promise.resolve(fresh) : firstToken()).then(function (r) {
      if (!r || typeof r.token !== 'string') throw new Error('no token');
      return api('POST', '/conversations', { locale: locale }, r.token);
    });
  }
  function backoff() { return Math.min(15000, 1000 * Math.pow(2, retries++)); }
  function note(text) { var n = el('div', 'bw-note', text); append(n); setTimeout(function () { n.remove(); }, 4000); }
  function openSocket(url) {
    var opened = false;
    socket = new WebSocket(url);
    socket.onopen = function () { opened = true; retries = 0; };
    socket.onmessage = function (m) { if (m.data) receive(JSON.parse(m.data)); };
    socket.onclose = function () {
      socket = null;
      if (closedByUs) return;
      if (!opened) retries++; // after 3 sockets that never opened, connect() switches to polling
      connecting = null;
      setTimeout(connect, opened ? 1000 : backoff());
    };
  }
  function poll() {
    clearTimeout(pollTimer);
    api('GET', '/conversations/' + encodeURIComponent(state.conversationId) + '/activities?watermark=' + encodeURIComponent(watermark))
      .then(receive, function (e) { if (e.status === 403 || e.status === 404) { connecting = null; clearTimeout(pollTimer); connect(); throw e; } })
      .then(function () { pollTimer = setTimeout(poll, 1500); }, function () {});
  }
  function scheduleRefresh(seconds) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      api('POST', '/tokens/refresh').then(function (r) { state.token = r.token; save(); scheduleRefresh(r.expires_in); }, function () {});
    }, Math.max(30, (seconds || 1800) / 2) * 1000);
  }
  function timeZone() { // agents see the customer's local time
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return undefined; }
  }
  function send(text) {
    clearActions();
    var cid = 'c_' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var node = bubble(text, 'user');
    pending[cid] = node;
    var activity = { type: 'message', text: text, locale: locale, localTimezone: timeZone(), from: { id: state.userId }, channelData: { clientActivityID: cid } };
    var attempt = function (left) {
      return connect().then(function () {
        return api('POST', '/conversations/' + encodeURIComponent(state.conversationId) + '/activities', activity);
      }).catch(function (e) {
        // Re-posting is safe: the server drops a repeated clientActivityID.
        if (left > 0 && !(e.status >= 400 && e.status < 500)) return new Promise(function (r) { setTimeout(r, 1000); }).then(function () { return attempt(left - 1); });
        node.classList.add('bw-failed');
        node.title = t.failed;
        delete pending[cid];
      });
    };
    return attempt(2);
  }

  // Files go as Web Chat sends them: multipart, an "activity" part and one "file" part each.
  function upload(files) {
    clearActions();
    var cid = 'c_' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var shown = files.map(function (f) {
      var local = /^image\//.test(f.type) && window.URL && URL.createObjectURL ? URL.createObjectURL(f) : null;
      var box = el('div', 'bw-media bw-mine');
      box.setAttribute('data-testid', 'media-user');
      if (local) { var img = el('img'); img.src = local; img.alt = f.name || ''; box.appendChild(img); }
      else box.appendChild(el('div', 'bw-msg bw-user', '\u{1F4CE} ' + (f.name || 'file')));
      append(box);
      return box;
    });
    pending[cid] = shown[0];
    var activity = { type: 'message', locale: locale, localTimezone: timeZone(), from: { id: state.userId }, channelData: { clientActivityID: cid } };
    return connect().then(function () {
      var body = new FormData();
      body.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
      files.forEach(function (f) { body.append('file', f, f.name || 'file'); });
      return fetch(domain + '/conversations/' + encodeURIComponent(state.conversationId) + '/upload?userId=' + encodeURIComponent(state.userId), {
        method: 'POST', headers: { Authorization: 'Bearer ' + state.token }, body: body
      }).then(json);
    }).catch(function (e) {
      delete pending[cid];
      // 4xx: the bot said why; else a tap resends
      var busy = e.status === 503 && el('div', 'bw-note', t.busy), refused = e.status < 500;
      if (busy) append(busy);
      shown.forEach(function (box) {
        box.classList.add('bw-failed');
        box.title = t.failed;
        if (refused) return;
        box.tabIndex = 0;
        box.onclick = box.onkeyup = function (k) {
          if (k.key && k.key !== 'Enter') return;
          shown.forEach(function (b) { b.remove(); }); if (busy) busy.remove(); upload(files);
        };
      });
    });
  }

  window.BatonWidget = {
    open: open,
    close: close,
    send: send,
    /** Sends files (File objects), as the paper clip does. */
    upload: upload,
    /** Closes the connection (e.g. before removing the widget). */
    disconnect: function () { closedByUs = true; if (socket) socket.close(); clearTimeout(pollTimer); clearTimeout(refreshTimer); },
    /** Forgets the conversation in this tab (call it when the customer signs out). */
    forget: function () { this.disconnect(); try { sessionStorage.removeItem(storeKey); } catch (e) { /* nothing stored */ } }
  };
  if (state.conversationId) connect(); // resume after a reload, so proactive messages keep arriving
})();
