import type { FastifyInstance } from 'fastify'

export interface BackgroundTask {
  readonly name: string
  readonly everyMs: number
  run(): Promise<unknown>
}

/**
 * Periodic housekeeping that must not hold up a request: sealing the journal,
 * expiring holds, purging old idempotency keys. Each task runs at most once
 * at a time; a failure is logged and retried on the next tick. Every
 * instance may run them: the sealer takes an advisory lock and the others are
 * idempotent.
 */
export function startBackgroundWork(app: FastifyInstance, tasks: readonly BackgroundTask[]): () => Promise<void> {
  const running = new Map<string, Promise<unknown>>()
  const timers = tasks.map((task) =>
    setInterval(() => {
      if (running.has(task.name)) return
      const run = task
        .run()
        .catch((err: unknown) => app.log.error({ err, task: task.name }, 'background task failed'))
        .finally(() => running.delete(task.name))
      running.set(task.name, run)
    }, task.everyMs),
  )
  return async () => {
    for (const timer of timers) clearInterval(timer)
    await Promise.all(running.values())
  }
}

export function defaultBackgroundTasks(app: FastifyInstance): BackgroundTask[] {
  const { journal, ledger, idempotency } = app.services
  return [
    { name: 'seal-journal', everyMs: 2_000, run: () => journal.sealAll(1000) },
    { name: 'expire-holds', everyMs: 30_000, run: () => ledger.expireHolds() },
    { name: 'purge-idempotency-keys', everyMs: 3_600_000, run: () => idempotency.purgeExpired() },
  ]
}
