// The live dashboard's R: back in time into the recording of the recorder that runs on
// this host (its directory from the default or from the lock it holds), and R again to
// come back. Without a running recorder, one line says so.
import { DEFAULT_RECORD_DIR } from './record-command.js';
import { findRecorderDir } from '../record/find-recorder.js';
import { openReplay, type ReplaySource } from '../record/replay-source.js';
import { REPLAY_TOGGLE } from '../ui/state/replay-keys.js';
import { userMessage } from '../host/errors.js';
import { replayProps } from './replay-props.js';

/** `procRoot`: where /proc/locks is (tests: a tree of their own, the host's has everyone's) */
export function liveReplay(color: boolean, unicode: boolean, redraw: () => void, recordDir = DEFAULT_RECORD_DIR, procRoot = '/proc') {
  let src: ReplaySource | undefined;
  const toLive = (): string => {
    src?.close();
    src = undefined;
    redraw();
    return 'live again';
  };
  const intoRecording = (key: string): string | undefined => {
    if (key !== REPLAY_TOGGLE) return undefined;
    const dir = findRecorderDir(recordDir, procRoot);
    if (!dir) return `${REPLAY_TOGGLE}: no recorder is running (nstop record starts one; nstop replay --dir D opens an old recording)`;
    try {
      src = openReplay(dir, undefined);
    } catch (err) {
      return `${REPLAY_TOGGLE}: ${userMessage(err)}`;
    }
    redraw();
    return `replay of ${dir} (${REPLAY_TOGGLE}: back to live)`;
  };
  return {
    /** the Root's props for now: a replay's while in one, else only R */
    props: () => (src ? replayProps(src, color, unicode, toLive) : { onKey: intoRecording }),
    close: () => src?.close(),
  };
}
