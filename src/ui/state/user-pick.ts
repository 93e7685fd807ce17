// u (htop's user filter): the bottom line picks a user, Up/Down through the users the
// Processes view has (sorted, "all users" first), or typed; Enter keeps it, Esc cancels.
import type { Prompt, RowsInfo, UiState } from './types.js';

export const ALL_USERS = '(all users)';

export function openUserPick(s: UiState, info: RowsInfo, origin: number): UiState {
  return { ...s, prompt: { kind: 'user', text: s.user ?? ALL_USERS, picked: true, origin, before: '' }, message: undefined };
}

export function userPickKey(s: UiState, p: Prompt, key: string, info: RowsInfo): UiState {
  const users = [ALL_USERS, ...(info.users?.() ?? [])];
  if (key === 'escape') return { ...s, prompt: undefined };
  if (key === 'up' || key === 'down' || key === 'left' || key === 'right') {
    const at = users.indexOf(p.text);
    const by = key === 'up' || key === 'left' ? -1 : 1;
    const next = at < 0 ? (by > 0 ? 0 : users.length - 1) : (at + by + users.length) % users.length;
    return { ...s, prompt: { ...p, text: users[next]!, picked: true } };
  }
  if (key === 'enter') {
    const text = p.text.trim();
    const user = text === '' || text === ALL_USERS ? undefined : text;
    const known = user === undefined || users.includes(user);
    const views = { ...s.views, processes: { ...s.views.processes, scroll: 0 } };
    return {
      ...s, prompt: undefined, user, views,
      message: user === undefined ? 'all users shown (u picks one)' : known ? `processes of ${user} only (u: another, Esc: all)` : `no process of ${user} now (u: another, Esc: all)`,
    };
  }
  const base = p.picked ? '' : p.text;
  const text = key === 'backspace' ? base.slice(0, -1) : Array.from(key).length === 1 && key !== ' ' ? base + key : undefined;
  return text === undefined ? s : { ...s, prompt: { ...p, text, picked: false } };
}
