// The control API, as the CLI sees it: every call carries the token in the Authorization header.
// The token comes from the sign-in address (/?token=...) or the sign-in box and is kept in this
// tab's sessionStorage; it is never put in a cookie (see docs/security.md).

const KEY = 'aviary.token';
const TIMEOUT_MS = 8000;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The platform did not answer at all (stopped, or the network is down). */
export class Unreachable extends Error {}

/** Moves ?token=... from the address into sessionStorage and drops it from the address bar. */
export function adoptTokenFromAddress() {
  const url = new URL(window.location.href);
  const t = url.searchParams.get('token');
  if (t !== null) {
    setToken(t);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(t) {
  if (t) sessionStorage.setItem(KEY, t.trim());
  else sessionStorage.removeItem(KEY);
}

async function call(method, path, body) {
  const headers = {'Accept': 'application/json'};
  const t = token();
  if (t) headers['Authorization'] = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort.signal, credentials: 'omit', cache: 'no-store',
    });
  } catch (e) {
    throw new Unreachable(abort.signal.aborted
        ? 'the platform did not answer within ' + TIMEOUT_MS / 1000 + ' s'
        : 'the platform does not answer at ' + window.location.origin);
  } finally {
    clearTimeout(timer);
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    // not JSON: reported by status below
  }
  if (!response.ok) {
    throw new ApiError(response.status, (json && json.error) || ('HTTP ' + response.status));
  }
  return json;
}

const enc = encodeURIComponent;

export const api = {
  overview: () => call('GET', '/api/v1/overview'),
  deployment: (name) => call('GET', '/api/v1/deployments/' + enc(name)),
  events: (name, after) => call('GET', '/api/v1/deployments/' + enc(name) + '/events?after=' + after),
  traffic: (name) => call('GET', '/api/v1/deployments/' + enc(name) + '/traffic?window=10s'),
  command: (name, command, extra) =>
    call('POST', '/api/v1/deployments/' + enc(name) + '/' + enc(command),
        Object.assign({by: 'dashboard'}, extra || {})),
};
