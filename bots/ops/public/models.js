/*
 * The NLU models page: lists versions with their gate figures, the promoted one, each instance's loaded
 * version and every promotion (GET /api/admin/learning/models, every 3 s), and retrains, promotes and rolls
 * back through the admin API. Needs ADMIN_TOKEN. Every text goes through textContent.
 */
(function () {
  'use strict';
  const API = new URL('/api/admin/learning/models', location.href).toString();
  const TOKEN_KEY = 'baton.adminToken';
  const BY_KEY = 'baton.adminName';
  const $ = (id) => document.getElementById(id);
  let token = new URLSearchParams(location.hash.slice(1)).get('token') || sessionStorage.getItem(TOKEN_KEY) || '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  $('by').value = localStorage.getItem(BY_KEY) || '';
  $('by').addEventListener('change', () => localStorage.setItem(BY_KEY, $('by').value));

  const pct = (v) => (v === null || v === undefined ? '–' : Math.round(v * 1000) / 10 + ' %');
  const when = (ms) => new Date(ms).toLocaleString();

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function row(cells, testId) {
    const tr = document.createElement('tr');
    if (testId) tr.setAttribute('data-testid', testId);
    tr.append(...cells);
    return tr;
  }

  function show(id, text) {
    $(id).textContent = text;
    $(id).hidden = !text;
  }

  async function call(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (response.status === 401 || response.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      $('sign-in').hidden = false;
    }
    if (!response.ok) throw new Error((json.error && json.error.message) || 'HTTP ' + response.status);
    return json;
  }

  const who = () => ($('by').value.trim() ? { by: $('by').value.trim() } : {});

  async function act(method, path, done) {
    show('error', '');
    try {
      const result = await call(method, path, who());
      show('notice', done(result));
      await refresh();
    } catch (error) {
      show('error', error.message);
    }
  }

  function versionRow(version, current) {
    const gate = version.gate;
    const dev = gate ? gate.dev : undefined;
    const status = cell(version.id === current ? version.status + ' · serving' : version.status, 'status-' + version.status);
    if (gate && gate.failures.length > 0) {
      for (const failure of gate.failures) {
        const small = document.createElement('small');
        small.textContent = failure;
        status.append(small);
      }
    }
    if (version.error) {
      const small = document.createElement('small');
      small.textContent = version.error;
      status.append(small);
    }
    const action = document.createElement('td');
    if (version.status === 'passed' && version.id !== current && version.comparedWith !== current) {
      // The gate compared it with another model than the one serving: the API refuses it (gate_outdated).
      const small = document.createElement('small');
      small.textContent = 'Compared with ' + version.comparedWith + '; retrain to promote over ' + current + '.';
      action.append(small);
    } else if (version.status === 'passed' && version.id !== current) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Promote';
      button.setAttribute('data-testid', 'promote');
      button.addEventListener('click', () => act('POST', '/' + encodeURIComponent(version.id) + '/promote', (r) => 'Promoted ' + r.promotion.to + '.'));
      action.append(button);
    }
    const newIntents = Object.keys(version.answers || {});
    return row(
      [
        cell(version.id),
        cell(when(version.createdAt)),
        cell(version.createdBy),
        cell(String(version.acceptedItems) + (newIntents.length ? ' (new: ' + newIntents.join(', ') + ')' : '')),
        status,
        cell(dev ? pct(dev.current.inScopeAccuracy) + ' → ' + pct(dev.candidate.inScopeAccuracy) : '–'),
        cell(dev ? pct(dev.current.oosRecall) + ' → ' + pct(dev.candidate.oosRecall) : '–'),
        cell(gate ? gate.knownIntents.current + ' → ' + gate.knownIntents.candidate + ' of ' + gate.knownIntents.rows : '–'),
        cell(gate ? gate.newIntents.candidate + ' of ' + gate.newIntents.rows : '–'),
        action,
      ],
      'version'
    );
  }

  async function refresh() {
    if (!token) {
      $('sign-in').hidden = false;
      return;
    }
    try {
      const data = await call('GET', '');
      show('error', '');
      $('current').textContent = data.current;
      $('instance-rows').replaceChildren(
        ...data.instances.map((s) =>
          row(
            [cell(s.instanceId), cell(s.loaded), cell(s.wanted), cell(s.state + (s.error ? ': ' + s.error : ''), 'state-' + s.state), cell(when(s.updatedAt))],
            'instance'
          )
        )
      );
      $('version-rows').replaceChildren(...data.versions.map((v) => versionRow(v, data.current)));
      $('promotion-rows').replaceChildren(
        ...data.promotions.map((p) => row([cell(when(p.at)), cell(p.by), cell(p.action), cell(p.from), cell(p.to)], 'promotion'))
      );
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (error) {
      show('error', error.message);
    }
  }

  $('retrain').addEventListener('click', () => act('POST', '/retrain', (r) => 'Retraining as ' + r.version.id + '; the gate decides in a few minutes.'));
  $('rollback').addEventListener('click', () => act('POST', '/rollback', (r) => 'Rolled back from ' + r.promotion.from + ' to ' + r.promotion.to + '.'));
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    void refresh();
  });
  void refresh();
  setInterval(refresh, 3000);
})();
