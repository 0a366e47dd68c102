// The API client shared by every page: JSON in and out, the CSRF header on
// state-changing requests, errors as thrown ApiError with the server's code.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)spar_csrf=([0-9a-f]+)/);
  return m ? m[1] : "";
}

export async function api(method, path, body, headers = {}) {
  const h = { Accept: "application/json", ...headers };
  if (method !== "GET") {
    h["Content-Type"] = "application/json";
    const t = csrfToken();
    if (t) h["X-CSRF-Token"] = t;
  }
  const res = await fetch("/api/v1" + path, {
    method,
    headers: h,
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    credentials: "same-origin",
  });
  const type = res.headers.get("Content-Type") || "";
  const data = type.startsWith("application/json") ? await res.json() : await res.text();
  if (!res.ok) {
    const e = data && data.error ? data.error : { code: "http_" + res.status, message: res.statusText };
    if (res.status === 401 && !location.pathname.endsWith("/index.html") && location.pathname !== "/") {
      location.href = "/";
    }
    throw new ApiError(res.status, e.code, e.message);
  }
  return data;
}

// A random key per submission, so a retried request is applied once.
export function newKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function param(name) {
  return new URLSearchParams(location.search).get(name) || "";
}

export function show(el, on) {
  el.hidden = !on;
}

// The bank's areas, [{id, title}] in the order the start page lists them,
// fetched once from the server: bank/areas.yaml is the only place their
// titles are written.
let areaList = null;
export function areas() {
  areaList ??= api("GET", "/areas").then(
    (r) => r.areas,
    (e) => {
      areaList = null;
      throw e;
    },
  );
  return areaList;
}

// Area id -> title, for pages that show areas by id.
export async function areaTitles() {
  return Object.fromEntries((await areas()).map((a) => [a.id, a.title]));
}
