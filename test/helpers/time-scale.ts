// Waits and timeouts in tests multiply by NSTOP_TEST_TIME_SCALE (default 1). The pure
// cgroup v2 lane (test/v2/run-lane.sh) sets it: its guest, a QEMU VM without KVM, runs
// code 6–30× slower than the host.
export const timeScale = Math.max(1, Number(process.env['NSTOP_TEST_TIME_SCALE']) || 1);

/** `ms` stretched by the time scale. */
export const scaled = (ms: number): number => Math.round(ms * timeScale);
