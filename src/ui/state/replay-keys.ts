// The replay's keys as data: the moves a key asks of a replay source (cli/ wires them to
// record/replay-source.ts) and the hints the time bar shows. None of them is an action
// key: those still say why they do nothing ("replay: actions are off").
export type ReplayMove = { kind: 'step'; dir: 1 | -1 } | { kind: 'jump'; ms: number } | { kind: 'event'; dir: 1 | -1 } | { kind: 'edge'; dir: 1 | -1 };

export const REPLAY_KEYS: readonly { keys: readonly string[]; move: ReplayMove; help: string }[] = [
  { keys: ['left', ','], move: { kind: 'step', dir: -1 }, help: 'one sample back' },
  { keys: ['right', '.'], move: { kind: 'step', dir: 1 }, help: 'one sample on' },
  { keys: ['b'], move: { kind: 'jump', ms: -60_000 }, help: '1 minute back' },
  { keys: ['w'], move: { kind: 'jump', ms: 60_000 }, help: '1 minute on' },
  { keys: ['B'], move: { kind: 'jump', ms: -3_600_000 }, help: '1 hour back' },
  { keys: ['W'], move: { kind: 'jump', ms: 3_600_000 }, help: '1 hour on' },
  { keys: ['('], move: { kind: 'event', dir: -1 }, help: 'the previous event' },
  { keys: [')'], move: { kind: 'event', dir: 1 }, help: 'the next event' },
  { keys: ['g'], move: { kind: 'edge', dir: -1 }, help: 'the start of the recording' },
  { keys: ['G'], move: { kind: 'edge', dir: 1 }, help: 'the end of the recording' },
];

const BY_KEY = new Map(REPLAY_KEYS.flatMap((k) => k.keys.map((key) => [key, k.move] as const)));

export const replayMove = (key: string): ReplayMove | undefined => BY_KEY.get(key);

/** the time bar's hints, shortest last */
export const REPLAY_HINTS = '←/→ sample  b/w ∓1m  B/W ∓1h  ( ) event  g/G ends';
export const REPLAY_HINTS_ASCII = ',/. sample  b/w -+1m  B/W -+1h  ( ) event  g/G ends';

/** the live dashboard's key into the recording (and out of it again) */
export const REPLAY_TOGGLE = 'R';
