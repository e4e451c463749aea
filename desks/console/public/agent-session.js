/*
 * What the agent console and the practice page share: the agent's token and sign-in, the API call that
 * sends it, the error banner, and an element builder. Plain browser JS, no build step, loaded before each
 * page's own script under the same CSP (script-src 'self'). Every text goes through textContent.
 *
 * The page gives its API root, what to do once signed in and once signed out; the session keeps the
 * token in sessionStorage (one tab's life), takes it from a #token=... link (then clears the address
 * bar), wires the #sign-in form and the #sign-out button, and signs out on a 401.
 */
(function () {
  'use strict';
  const TOKEN_KEY = 'baton.agentToken';
  const $ = (id) => document.getElementById(id);

  /** Builds an element with text content and attributes; never parses HTML. */
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

  /** Shows a message in the page's #error banner for eight seconds. */
  function showError(message) {
    const banner = $('error');
    banner.textContent = message;
    banner.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => (banner.hidden = true), 8000);
  }

  /**
   * Starts the page's session. Options: `api` (the API root URL), `unreachable` (the message when the
   * network fails), `quiet(code)` (true for refusals the page shows itself, not in the banner),
   * `signedIn(me)` (after GET /me answered), `signedOut()` (after the token was dropped).
   * Returns { api(method, path, body), token(), signIn(token), signOut(message?) }.
   */
  function start({ api: root, unreachable, quiet = () => false, signedIn, signedOut }) {
    let token = null;

    /**
     * Calls the API with the token; resolves the JSON body or throws after showing the server's message.
     * `extraHeaders`: more request headers (e.g. a send's Idempotency-Key).
     */
    async function api(method, path, body, extraHeaders) {
      const headers = { ...extraHeaders, authorization: 'Bearer ' + token };
      if (body !== undefined) headers['content-type'] = 'application/json';
      let res;
      try {
        res = await fetch(root + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (error) {
        showError(unreachable);
        throw error;
      }
      const data = await res.json().catch(() => ({}));
      if (res.ok) return data;
      const message = (data.error && data.error.message) || 'Request failed (' + res.status + ').';
      const code = data.error && data.error.code;
      if (res.status === 401) signOut(message);
      else if (!quiet(code)) showError(message);
      throw Object.assign(new Error(message), { code, data });
    }

    async function signIn(value) {
      token = value;
      let me;
      try {
        me = await api('GET', '/me');
      } catch {
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, value);
      $('sign-in').hidden = true;
      $('sign-out').hidden = false;
      await signedIn(me);
    }

    function signOut(message) {
      sessionStorage.removeItem(TOKEN_KEY);
      token = null;
      $('sign-out').hidden = true;
      $('sign-in').hidden = false;
      signedOut();
      if (message) showError(message);
    }

    $('sign-in').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('token').value.trim();
      if (value) signIn(value);
    });
    $('sign-out').addEventListener('click', () => signOut());
    // A link such as /agent/#token=... signs in at once (the demo prints one); the token then leaves the address bar.
    const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
    if (fromLink) history.replaceState(null, '', location.pathname + location.search);
    const saved = fromLink || sessionStorage.getItem(TOKEN_KEY);
    // After the page's own script has wired its handlers (it calls start() as it loads).
    if (saved) queueMicrotask(() => signIn(saved));

    return { api, token: () => token, signIn, signOut };
  }

  window.BatonAgentSession = Object.freeze({ el, showError, start });
})();
