// ink-testing-library helpers: poll the frame instead of sleeping a fixed time.
export async function waitForFrame(lastFrame: () => string | undefined, ok: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const f = lastFrame() ?? '';
    if (ok(f)) return f;
    if (Date.now() > until) throw new Error(`frame never matched; last frame:\n${f}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
