// /proc/PID/stat, proc(5). A real line from this machine:
//   2196 (node) S 2195 2196 1018 0 -1 4194560 5046 0 0 0 27 5 0 0 20 0 7 0 10478 1190060032 12155 ...
// comm sits between the first "(" and the LAST ")": it may itself hold spaces, ")" or
// newlines (prctl(PR_SET_NAME) allows anything), so never split the line on spaces first.
import { ParseError } from '../errors.js';
import type { ProcStat } from '../types.js';

const num = (fields: string[], i: number, path: string): number => {
  const v = fields[i];
  if (v === undefined || !/^-?\d+$/.test(v)) throw new ParseError(path, 1, `field ${i + 3} is ${v === undefined ? 'missing' : `"${v}"`}`);
  return Number(v);
};

export function parseStat(text: string, path = 'stat'): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) throw new ParseError(path, 1, 'no "(comm)"');
  const pidText = text.slice(0, open).trim();
  if (!/^\d+$/.test(pidText)) throw new ParseError(path, 1, `bad pid "${pidText}"`);
  // fields[0] is field 3 (state) in proc(5) numbering
  const fields = text.slice(close + 1).trim().split(/\s+/);
  if (fields.length < 22) throw new ParseError(path, 1, `truncated: ${fields.length + 2} fields`);
  const state = fields[0]!;
  if (!/^[A-Za-z]$/.test(state)) throw new ParseError(path, 1, `bad state "${state}"`);
  return {
    pid: Number(pidText),
    comm: text.slice(open + 1, close),
    state,
    ppid: num(fields, 1, path),
    pgrp: num(fields, 2, path),
    session: num(fields, 3, path),
    ttyNr: num(fields, 4, path),
    utime: num(fields, 11, path),
    stime: num(fields, 12, path),
    numThreads: num(fields, 17, path),
    starttime: num(fields, 19, path),
    vsizeBytes: num(fields, 20, path),
    rssPages: num(fields, 21, path),
  };
}
