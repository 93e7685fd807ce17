// Host line(s) at the top: who, what kernel, which cgroup mode, memory, load, PSI.
import { Box, Text } from 'ink';
import { bytes } from '../../cli/format.js';
import type { Snapshot } from '../../model/types.js';

export type HeaderProps = { snapshot: Snapshot; width: number; color: boolean; intervalMs: number };

const psi = (p?: { some: { avg10: number } }): string => (p ? p.some.avg10.toFixed(2) : 'n/a');

export function Header({ snapshot: s, width, color, intervalMs }: HeaderProps) {
  const h = s.host;
  const used = h.memTotalBytes !== undefined && h.memAvailableBytes !== undefined ? h.memTotalBytes - h.memAvailableBytes : undefined;
  const load = h.load ? `${h.load.one.toFixed(2)} ${h.load.five.toFixed(2)} ${h.load.fifteen.toFixed(2)}` : 'n/a';
  const line1 = `${h.hostname}  kernel ${h.kernel}  cgroup ${h.cgroupMode}  ${h.cpus} cpus  mem ${bytes(used)}/${bytes(h.memTotalBytes)}`;
  const line2 = `load ${load}  psi some10 cpu ${psi(h.psi.cpu)} mem ${psi(h.psi.memory)} io ${psi(h.psi.io)}  every ${intervalMs / 1000}s  #${s.seq}  ${s.containers.length} containers  ${s.processes.length} procs`;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color={color ? 'cyan' : undefined}>nstop </Text>
        {s.readOnly ? <Text color={color ? 'yellow' : undefined} bold inverse={!color}>READ-ONLY (not root) </Text> : null}
        {line1}
      </Text>
      <Text wrap="truncate">
        {line2}
        {s.warnings.length > 0 ? <Text color={color ? 'yellow' : undefined}>{`  ! ${s.warnings.length} warning(s): ${s.warnings[0]}`}</Text> : null}
      </Text>
    </Box>
  );
}
