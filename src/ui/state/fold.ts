// The Processes tree's folds (htop's +, - and *): which subtrees are collapsed. Pure.
import type { UiState } from './types.js';

const NONE: ReadonlySet<string> = new Set();

/** Whether the process with `key` shows its children folded away. */
export function isFolded(s: Pick<UiState, 'fold'>, key: string): boolean {
  const f = s.fold;
  if (!f) return false;
  return f.all !== f.except.has(key);
}

/** `+` (open) or `-` (close) the subtree of `key`. */
export function foldOne(s: UiState, key: string, open: boolean): UiState {
  const f = s.fold ?? { all: false, except: NONE };
  const except = new Set(f.except);
  // with all folded, `except` lists the open ones; otherwise the folded ones
  if (open === f.all) except.add(key);
  else except.delete(key);
  return { ...s, fold: { all: f.all, except } };
}

/** `*`: everything folded if anything was open, else everything open. */
export function foldAll(s: UiState): UiState {
  const f = s.fold;
  const allOpen = !f || (!f.all && f.except.size === 0);
  return { ...s, fold: { all: allOpen, except: NONE }, message: allOpen ? 'tree folded (* opens all, + opens one)' : 'tree open (* folds all, - folds one)' };
}
