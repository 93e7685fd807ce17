// What turns the dashboard into a replay: a replay source in place of the sampler, its
// time bar under the header, its keys before the dashboard's, and actions off with the
// reason said. For `nstop replay` and for the live dashboard's R (loaded lazily with it).
import { createElement } from 'react';
import type { ReplaySource } from '../record/replay-source.js';
import { TimeBar } from '../ui/components/time-bar.js';
import { glyphsFor } from '../ui/glyphs.js';
import { REPLAY_TOGGLE, replayMove } from '../ui/state/replay-keys.js';

/** `toLive`: R goes back to the live dashboard (absent: `nstop replay`, nothing live) */
export function replayProps(src: ReplaySource, color: boolean, unicode: boolean, toLive?: () => string) {
  const g = glyphsFor(unicode);
  return {
    source: src,
    readOnly: true,
    // what matters first: an 80-column header cuts the rest
    hostNote: `replay: host figures and processes are not recorded; ${src.current()?.host.hostname ?? ''} ${src.place()?.dir ?? ''}`,
    onKey: (key: string): string | undefined => {
      if (key === REPLAY_TOGGLE) return toLive ? toLive() : 'replay: no live dashboard to go back to (q quits; nstop alone is live)';
      const move = replayMove(key);
      return move ? src.move(move) : undefined;
    },
    bar: (width: number) => createElement(TimeBar, { place: src.place(), width, color, g, live: toLive !== undefined }),
  };
}
