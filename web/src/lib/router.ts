import { useEffect, useRef, useState } from 'react';

/** Hash routing ("#/schedules/comms?x=1"): works behind any static server without a fallback rule. */
function currentHash(): string {
  return window.location.hash.replace(/^#/, '') || '/';
}

export interface Route {
  segments: string[];
  query: URLSearchParams;
}

function parse(hash: string): Route {
  const [path = '/', query = ''] = hash.split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

/** Asked before the route changes away from a page with unsaved work: true lets the user go. */
let mayLeave: (() => boolean) | null = null;

export const LEAVE_QUESTION = 'Leave without saving? Your changes will be lost.';

/**
 * Each history entry carries its position, so a route change the user takes back (a link, the
 * back or forward button, `navigate`) is undone in the right direction: the entry they came from
 * stays where it was, and the history gains nothing.
 */
const positionOf = (state: unknown): number | undefined => (state as { rotaPosition?: number } | null)?.rotaPosition;
let position = positionOf(window.history.state) ?? 0;
window.history.replaceState({ ...(window.history.state as object | null), rotaPosition: position }, '');
/** Set while a refused change is being undone: its own hashchange is not a new change. */
let undoing = false;
/** Set while a change `navigate` already asked about is under way: it is not asked twice. */
let approved = false;

/** Whether the route change that just happened may stand; else it is being undone. */
function acceptRouteChange(): boolean {
  if (undoing) {
    undoing = false;
    return false;
  }
  const to = positionOf(window.history.state);
  const asked = approved;
  approved = false;
  if (!asked && mayLeave && !mayLeave()) {
    undoing = true;
    // A new entry (undefined) or a forward step goes back; a back step goes forward again.
    if (to !== undefined && to < position) window.history.forward();
    else window.history.back();
    return false;
  }
  position = to ?? position + 1;
  if (to === undefined) window.history.replaceState({ ...(window.history.state as object | null), rotaPosition: position }, '');
  return true;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(currentHash);
  useEffect(() => {
    const onChange = () => acceptRouteChange() && setHash(currentHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parse(hash);
}

/**
 * While the page is open, leaving it asks "Leave without saving?" whenever `hasChanges()` says
 * so: another route (links, back, `navigate`) asks with window.confirm, closing or reloading the
 * tab with the browser's own beforeunload prompt. `hasChanges` is read when the user leaves, so
 * a save that navigates right away is not asked about once it has marked the work saved.
 */
export function useLeaveGuard(hasChanges: () => boolean): void {
  const latest = useRef(hasChanges);
  latest.current = hasChanges;
  useEffect(() => {
    const ask = () => !latest.current() || window.confirm(LEAVE_QUESTION);
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (latest.current()) e.preventDefault();
    };
    mayLeave = ask;
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      if (mayLeave === ask) mayLeave = null;
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);
}

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * Goes to the route, after asking "Leave without saving?" when a page has unsaved work: whether
 * it went (so a caller can hold back what should only follow leaving, like signing out).
 */
export function navigate(...segments: string[]): boolean {
  const hash = href(...segments).slice(1);
  if (hash === currentHash()) return true;
  if (mayLeave && !mayLeave()) return false;
  approved = true;
  window.location.hash = hash;
  return true;
}
