// Dashboard state: what the user chose, never row data (that comes with each snapshot).
import type { NsType } from '../../host/vocabulary.js';
import type { View } from '../views.js';
import type { ActionRequest, UiTarget } from '../actions.js';
import type { FormState } from './form.js';
import type { MessageAbout } from '../message-follow.js';
import type { Meters, Theme } from '../settings.js';

/** What Enter drilled into: the Processes view shows only its processes. */
export type Scope =
  | { kind: 'container'; id: string; label: string }
  | { kind: 'namespace'; type: NsType; ns: number; label: string };

export type ViewState = {
  /** the selected row's identity, its key ("c:<container id>", "n:<type>:<inode>",
   *  "p:<pid>:<start time>"): rows re-sort every tick and appear and vanish, and the
   *  selection must stay on what the user chose (state/follow.ts). Unset only until the
   *  first rows show. */
  selectedKey?: string;
  /** its index when the state last changed: a hint for the lookup, and where to land
   *  when the key is gone and its old neighbours are unknown */
  selected: number;
  /** a launched container's key, selected as soon as its row shows (a tick or more later) */
  pending?: string;
  /** first row shown */
  scroll: number;
  /** column id and direction */
  sort: string;
  desc: boolean;
  filter: string;
  /** F: the row followed (htop's F): when it vanishes the selection waits for it to
   *  come back (a relaunch, a filter undone) instead of settling on a neighbour */
  follow?: string;
};

/** The input line at the bottom: search, filter, or an action's value (signal, limits)
 *  and the quit question. */
export type Prompt = {
  kind: 'search' | 'filter' | 'signal' | 'limits' | 'quit' | 'confirm' | 'user';
  /** what limits act on */
  target?: UiTarget;
  /** what a signal goes to: the tagged rows of the view, else the selected one */
  targets?: readonly UiTarget[];
  /** their keys, untagged once the signal is confirmed */
  tags?: readonly string[];
  /** the signal line's text was picked (Up/Down), not typed: typing replaces it */
  picked?: boolean;
  /** the question's answer y sends this */
  confirm?: ActionRequest;
  text: string;
  /** where the selection was when it opened (incremental search starts there) */
  origin: number;
  /** the filter before editing (Esc restores it) */
  before: string;
  /** the text matches no row */
  missed?: boolean;
};

export type UiState = {
  view: View;
  views: Record<View, ViewState>;
  tree: boolean;
  /** the refresh interval + and - chose, ms (unset: the one nstop started with) */
  intervalMs?: number;
  /** the Processes view leaves kernel threads out (K, as htop) */
  hideKernel?: boolean;
  /** the Processes tree's folds: `all` folds every subtree but `except`; otherwise only
   *  `except` is folded (process keys; * switches all, + and - one) */
  fold?: { all: boolean; except: ReadonlySet<string> };
  /** u: the Processes view shows only this user's processes */
  user?: string;
  /** F2 setup's choices (absent: the defaults): shown columns per view (ids) */
  columns?: Partial<Record<View, readonly string[]>>;
  /** mouse reporting (on unless turned off in setup) */
  mouse?: boolean;
  theme?: Theme;
  meters?: Meters;
  /** the F2 setup screen, drawn instead of the table: its cursor line */
  setup?: { cursor: number };
  /** the state when setup opened: closing saves only when a setting differs from it */
  setupFrom?: UiState;
  /** row keys (view-prefixed, so one set serves all views) */
  tagged: ReadonlySet<string>;
  help: boolean;
  /** the help screen's first line shown (it scrolls: state/help-keys.ts) */
  helpScroll?: number;
  prompt?: Prompt;
  /** the last confirmed search, for n */
  search: string;
  scope?: Scope;
  message?: string;
  /** the container `message` is about: the status line follows its state (message-follow.ts) */
  messageAbout?: MessageAbout;
  quit: boolean;
  /** the container whose log pane shows (instead of the event log) */
  logFor?: string;
  /** the container (id) whose network pane shows (instead of the event log) */
  netFor?: string;
  /** the launch form, drawn instead of the table */
  form?: FormState;
  /** an action for the App to perform (then cleared) */
  request?: ActionRequest;
};

/** What the reducer needs to know about the rows of the current view, in screen order. */
export type RowsInfo = {
  keys: readonly string[];
  /** the text filter and search match, of row i (built on demand) */
  textAt: (index: number) => string;
  /** sortable column ids of the view, in column order */
  sortIds: readonly string[];
  /** direction a column sorts in when first chosen */
  sortDesc: (id: string) => boolean;
  /** rows per page (table body height) */
  pageRows: number;
  readOnly: boolean;
  /** what an action key says when read-only, if not "run as root" (a source that
   *  cannot act: Prometheus, a recording) */
  readOnlyWhy?: string;
  /** what Enter on row i drills into */
  scopeAt: (index: number) => Scope | undefined;
  /** what an action on row i acts on */
  targetAt: (index: number) => UiTarget | undefined;
  /** containers this dashboard launched that still run (quit asks about them) */
  liveLaunched: number;
  /** the refresh interval nstop started with, ms (+ and - step from it) */
  intervalMs?: number;
  /** row i's name for messages */
  nameAt?: (index: number) => string;
  /** the users the Processes view has, for u's picker */
  users?: () => readonly string[];
  /** how far the help screen scrolls and its page, at this size (absent: it does not) */
  help?: { max: number; page: number };
};
