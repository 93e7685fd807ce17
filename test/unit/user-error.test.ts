// nstop's one user-facing error type: every error the CLI prints as one line and the
// dashboard shows on its status line is a UserError, escaped once when made, with the
// exit code the CLI ends on (usage 2, nstop's own failures 125).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActError } from '../../src/act/errors.js';
import { UsageError } from '../../src/cli/commands.js';
import { ParseError, UserError, userMessage, OsError } from '../../src/host/errors.js';
import { ImageError, refused } from '../../src/image/errors.js';
import { IpError } from '../../src/act/net/ip.js';

const RAW = 'bad "a\u001b]2;owned\u0007\nb"';
const SHOWN = 'bad "a\\x1b]2;owned\\x07\\nb"';

test('each kind of error is a UserError with its exit code', () => {
  const cases: [UserError, number][] = [
    [new UsageError(RAW), 2],
    [new ParseError('/proc/1/stat', 1, RAW), 2],
    [new ActError(RAW), 125],
    [new IpError('ip link add', RAW), 125],
    [new ImageError(RAW), 125],
    [refused('../etc/passwd', 'path leaves the image'), 125],
  ];
  for (const [err, code] of cases) {
    assert.ok(err instanceof UserError, String(err));
    assert.equal(err.exitCode, code, `${err.constructor.name}: exit ${code}`);
  }
  assert.equal(new UserError('x').exitCode, 125, 'a failure unless said otherwise');
});

test('control characters are spelled out once, when the error is made', () => {
  assert.equal(new UsageError(RAW).message, SHOWN);
  assert.equal(new ActError(RAW).message, SHOWN);
  assert.equal(new ImageError(RAW).message, SHOWN);
  assert.equal(new ParseError('f', 2, RAW).message, `f:2: ${SHOWN}`);
  assert.equal(new ActError(new ImageError(RAW).message).message, SHOWN, 'rewrapping does not escape the backslashes again');
});

test('the names that existed before stay', () => {
  assert.equal(new ImageError('x').name, 'ImageError');
  assert.equal(new ParseError('f', 1, 'x').name, 'ParseError');
  const e = new ParseError('f', 3, 'x');
  assert.equal(e.path, 'f');
  assert.equal(e.line, 3);
});

test('a failed system call is not a user error: it is reported with its stack', () => {
  assert.ok(!(new OsError('EPERM', 1, 'mount') instanceof UserError));
});

test('the status line: a UserError as it is, anything else its first line, spelled out', () => {
  assert.equal(userMessage(new ActError(RAW)), SHOWN);
  assert.equal(userMessage(new Error('first\u001b[2J\nsecond')), 'first\\x1b[2J');
  assert.equal(userMessage('plain text'), 'plain text');
});
