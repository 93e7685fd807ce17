// The image store and the state dir hold image trees (an image's setuid files among
// them) and the containers' layers and mounts: only their owner may enter them (0700),
// or a local user could run an image's setuid binary straight from the store. mkdir's
// mode is narrowed by the umask and an existing dir (an older nstop's, or one made by
// hand) keeps whatever mode it has, so the mode is set with fchmod afterwards. A dir that
// belongs to another uid is refused, not taken over: its owner could widen it again.
import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import { errorCode, errorLine as firstLine } from './errors.js';

/** mkdir -p `dir`, then make it 0700. `fail` turns a one-line reason into the caller's error. */
export function privateDir(dir: string, fail: (why: string) => Error): void {
  let fd: number;
  try {
    // the parents made here are 0700 too: nothing but this dir is meant to live in them
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch (err) {
    throw fail(errorCode(err) === 'ENOTDIR' || errorCode(err) === 'EEXIST' ? 'not a directory' : firstLine(err));
  }
  const uid = process.geteuid?.();
  let owner: number;
  try {
    const st = fstatSync(fd);
    owner = st.uid;
    if ((uid === undefined || owner === uid) && (st.mode & 0o7777) !== 0o700) fchmodSync(fd, 0o700);
  } catch (err) {
    throw fail(firstLine(err));
  } finally {
    closeSync(fd);
  }
  if (uid !== undefined && owner !== uid) throw fail(`belongs to uid ${owner}, not to us (uid ${uid}): chown it, or choose another directory`);
}
