/**
 * The page's small HTML helpers: every text drawn is escaped here, and a link is drawn only for an
 * http(s) URL (a record could carry `javascript:`), so no history text becomes markup.
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** The element with `id`; the page's HTML (render-page.ts) has every id the script draws into. */
export function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the dashboard page has no #${id}`);
  return el;
}

/** `value` as text safe in an element or an attribute; null and undefined draw as nothing. */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A commit SHA cut to 12 characters; a version (or anything else) as it is. */
export function short(ref: string | null | undefined): string {
  const text = ref ?? "";
  return /^[0-9a-f]{40}$/.test(text) ? text.slice(0, 12) : text;
}

/** An anchor to `url` when it is http(s), else the text alone. */
export function link(url: string | null | undefined, text: string): string {
  return url && /^https?:\/\//.test(url)
    ? `<a href="${esc(url)}" rel="noreferrer">${esc(text)}</a>`
    : esc(text);
}

/** An ISO date-time as `YYYY-MM-DD HH:MM`. */
export function minute(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}
