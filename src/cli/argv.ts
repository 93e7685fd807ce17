// "--name -lead": meow would read "-lead" as the short flags -l -e -a -d. For options
// that take a value, the next word is the value whatever it starts with, so it is glued
// on ("--name=-lead") and the check of the value itself explains what is wrong with it.
const TAKES_VALUE = new Set([
  '--name', '--ns', '--net', '--subnet', '--hostname', '--rootfs', '--memory', '--swap', '--pids', '--cpus', '--cpu-weight',
  '--env', '--workdir', '--user', '--cap-add', '--cap-drop', '--signal', '--state-dir', '--interval', '--proc-root', '--cgroup-root', '--passwd', '--type', '--pid',
]);
const SHORT: Record<string, string> = { '-e': '--env', '-w': '--workdir', '-u': '--user', '-s': '--signal', '-t': '--type', '-p': '--pid' };

export function valuesAsTyped(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const long = SHORT[a] ?? a;
    const next = argv[i + 1];
    if (TAKES_VALUE.has(long) && next !== undefined && next.startsWith('-')) {
      out.push(`${long}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
