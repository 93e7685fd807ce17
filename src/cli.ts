#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=30 --single-threaded-gc --interrupt-budget=1081344
// The node flags above (and in package.json's start script, kept equal by a unit test):
// a 2 MB young generation and a heap that grows by 30 % rather than V8's default up to
// 4x, with the collector on the main thread: the dashboard keeps ~20 MB of live data
// at 10k processes, and these hold its resident set near 120 MB instead of 200+ MB
// for a few ms of CPU a second (README, Performance).
// nstop's entry point. Before the command line's modules load (cli/main.ts: meow, the
// sampler, the commands; then Ink and React for the dashboard), a run that is the
// dashboard starts its first look at /proc on the other core (cli/early-look.ts).
import { lookEarly } from './cli/early-look.js';

lookEarly();
await import('./cli/main.js');
