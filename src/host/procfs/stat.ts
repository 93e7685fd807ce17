// /proc/PID/stat, proc(5). A real line from this machine:
//   8256 (cat) R 8252 8252 2285 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 714680 3133440 416 18446744073709551615 ...
// comm sits between the first "(" and the LAST ")". prctl(PR_SET_NAME) accepts any bytes,
// so comm may hold spaces, "(", ")" or a newline: never split the line on spaces first.
// Fields after comm hold no ")", which is what makes the last ")" safe.
import { ParseError } from '../errors.js';
import type { ProcStat } from '../types.js';

/** Last proc(5) field nstop reads (rss); kernels since 2.6 print 44 or more. */
const LAST_FIELD = 24;

export function parseStat(text: string, path = 'stat'): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new ParseError(path, 1, 'no "(comm)"');
  const pidText = text.slice(0, open).trim();
  if (!/^\d+$/.test(pidText)) throw new ParseError(path, 1, `bad pid "${pidText}"`);
  const rest = fieldsAfterComm(text, close);
  // rest[0] is proc(5) field 3 (state)
  if (rest.length < LAST_FIELD - 2) throw new ParseError(path, 1, `truncated: ${rest.length + 2} fields, need ${LAST_FIELD}`);
  const state = rest[0] ?? '';
  if (!/^[A-Za-z]$/.test(state)) throw new ParseError(path, 1, `bad state "${state}"`);
  return {
    pid: Number(pidText),
    comm: text.slice(open + 1, close),
    state,
    ppid: numberField(rest, 4, path),
    pgrp: numberField(rest, 5, path),
    session: numberField(rest, 6, path),
    ttyNr: numberField(rest, 7, path),
    utime: numberField(rest, 14, path),
    stime: numberField(rest, 15, path),
    numThreads: numberField(rest, 20, path),
    starttime: numberField(rest, 22, path),
    vsizeBytes: numberField(rest, 23, path),
    rssPages: numberField(rest, 24, path),
  };
}

/** Fields 3..LAST_FIELD. The kernel puts one space between fields: split only as far as
 *  needed (10k lines a tick in the Processes view); other whitespace takes the slow way. */
function fieldsAfterComm(text: string, close: number): string[] {
  const fast = text.slice(close + 2).split(' ', LAST_FIELD - 2);
  if (text[close + 1] === ' ' && fast.length === LAST_FIELD - 2 && !fast.includes('') && !/\s/.test(fast[LAST_FIELD - 3]!)) return fast;
  return text.slice(close + 1).trim().split(/\s+/);
}

/** proc(5) field n (1-based) of `rest` (which starts at field 3), a number or a ParseError.
 *  A module function, not a closure per line: V8 recompiled that one after every full GC. */
function numberField(rest: readonly string[], n: number, path: string): number {
  const v = rest[n - 3];
  if (v === undefined || !/^-?\d+$/.test(v)) throw new ParseError(path, 1, `field ${n} is not a number: "${v ?? ''}"`);
  return Number(v);
}

/** parseStat for the line as the kernel prints it, in one pass over the characters: no
 *  field strings, no regular expressions (10k lines a tick in the Processes view).
 *  undefined for anything else (other whitespace, a non-number, too few fields): then
 *  parseStat says what is wrong. */
export function parseStatFast(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 2 || close < open || text.charCodeAt(open - 1) !== SPACE || text.charCodeAt(close + 1) !== SPACE || text.charCodeAt(close + 3) !== SPACE) return undefined;
  let pid = 0;
  for (let i = 0; i < open - 1; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return undefined;
    pid = pid * 10 + d;
  }
  const state = text[close + 2]!;
  const sc = state.charCodeAt(0) | 0x20;
  if (sc < 0x61 || sc > 0x7a) return undefined;
  let ppid = 0, pgrp = 0, session = 0, ttyNr = 0, utime = 0, stime = 0, numThreads = 0, starttime = 0, vsizeBytes = 0, rssPages = 0;
  let i = close + 4;
  const end = text.length;
  for (let field = 4; field <= LAST_FIELD; field++) {
    let neg = false;
    if (text.charCodeAt(i) === MINUS) {
      neg = true;
      i++;
    }
    const start = i;
    let v = 0;
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === start || (i < end && text.charCodeAt(i) !== SPACE && text.charCodeAt(i) !== NEWLINE) || (i === end && field < LAST_FIELD)) return undefined;
    i++;
    if (neg) v = -v;
    switch (field) {
      case 4: ppid = v; break;
      case 5: pgrp = v; break;
      case 6: session = v; break;
      case 7: ttyNr = v; break;
      case 14: utime = v; break;
      case 15: stime = v; break;
      case 20: numThreads = v; break;
      case 22: starttime = v; break;
      case 23: vsizeBytes = v; break;
      case 24: rssPages = v; break;
    }
  }
  return { pid, comm: text.slice(open + 1, close), state, ppid, pgrp, session, ttyNr, utime, stime, numThreads, starttime, vsizeBytes, rssPages };
}

const SPACE = 32;
const NEWLINE = 10;
const MINUS = 45;
const ZERO = 48;
