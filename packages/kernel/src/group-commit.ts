/**
 * Group commit: concurrent requests share database transactions.
 *
 * Up to `lanes` units of work run at once. A request that arrives while
 * every lane is busy waits, and when a lane frees it takes everything waiting
 * (up to `maxBatch`) as one unit of work. Under light load each request runs
 * alone, with no added delay; under heavy load the batches grow by
 * themselves, so the fixed cost of a transaction — its round trips, its
 * commit — is shared. No timers: only promises.
 */
export interface GroupCommitOptions {
  readonly lanes: number
  readonly maxBatch: number
}

interface Waiting<I, O> {
  readonly item: I
  resolve(outcome: O): void
  reject(error: unknown): void
}

export function createGroupCommitter<I, O>(
  options: GroupCommitOptions,
  run: (items: readonly I[]) => Promise<readonly O[]>,
): (item: I) => Promise<O> {
  const waiting: Waiting<I, O>[] = []
  let busy = 0

  function pump(): void {
    while (busy < options.lanes && waiting.length > 0) {
      const batch = waiting.splice(0, options.maxBatch)
      busy += 1
      // Through a promise, so even a synchronous throw settles the batch and frees the lane.
      Promise.resolve()
        .then(() => run(batch.map((w) => w.item)))
        .then(
          (outcomes) => batch.forEach((w, i) => w.resolve(outcomes[i]!)),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          busy -= 1
          pump()
        })
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject })
      pump()
    })
}
