// meow sets the process title to the bin's name, which on Linux overwrites the whole
// command line that ps, pgrep -f and systemd show. For the long-running services an
// operator must tell apart (two recorders on two --dir, a serve on which --listen), the
// title keeps the command and its options. Every other command stays plain `nstop`:
// run/exec options can carry -e values, and meow's title is what hides them from ps.
const SHOWN = new Set(['record', 'serve']);

/** The process title for `command` (meow's first input) run with `argv` (without node
 *  and the script). */
export function processTitle(command: string | undefined, argv: readonly string[]): string {
  return command !== undefined && SHOWN.has(command) ? ['nstop', ...argv].join(' ') : 'nstop';
}
