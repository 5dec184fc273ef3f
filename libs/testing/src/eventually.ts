/** How long `eventually` waits unless told otherwise. */
export const EVENTUALLY_TIMEOUT_MS = 30_000;

/**
 * Polls `probe` until it gives a value (anything but undefined, null or false), and returns it;
 * fails after `timeoutMs`, saying what it waited for. A condition is a probe that gives true.
 *
 *   const member = await eventually('the member of @trog', async () => (await members()).find(…));
 *   await eventually('the outbox drained', async () => (await unpublished()) === 0);
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = EVENTUALLY_TIMEOUT_MS,
  everyMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
