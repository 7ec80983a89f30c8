/** Polls `check` every 10 ms until it holds; fails naming `what` after `timeout` ms. Bounded waits, no sleeps. */
export async function waitFor(check: () => boolean, what: string, timeout = 8000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
