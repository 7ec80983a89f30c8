/**
 * Polls `check` (sync or async) every 10 ms until it holds; fails naming `what` after `timeout` ms. Bounded waits
 * on a condition, never sleeps: the default (30 s) is sized for a loaded Raspberry Pi, not for a fast laptop.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
