// Keys on the help screen: the movement keys scroll it (it is taller than 80x24), any
// other key closes it, as before ("any key returns" stays true for q, Esc, ? and F1).
import type { RowsInfo, UiState } from './types.js';

export function helpKey(s: UiState, key: string, info: RowsInfo): UiState {
  const { max, page } = info.help ?? { max: 0, page: 1 };
  const at = Math.min(s.helpScroll ?? 0, max);
  const to = (n: number): UiState => ({ ...s, helpScroll: Math.max(0, Math.min(max, n)) });
  switch (key) {
    case 'up': return to(at - 1);
    case 'down': return to(at + 1);
    case 'pageup': return to(at - page);
    case 'pagedown': case 'space': return to(at + page);
    case 'home': return to(0);
    case 'end': return to(max);
    default: return { ...s, help: false, helpScroll: 0, message: undefined };
  }
}
