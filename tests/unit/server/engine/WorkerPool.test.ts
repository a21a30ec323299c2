/**
 * The worker pool's shutdown. Regression (issue 10): `crs add`, `crs search` and `crs grade` ran
 * their one job on the first worker ready and closed; a worker still loading OpenCV was not
 * stopped, then read the closed store when it became ready ("TypeError: The database connection
 * is not open": exit code 7 after a success, about 1 run in 7; one `--workers 4` run never exited).
 */
import { describe, expect, it } from 'vitest'
import { WorkerPool } from '../../../../server/src/engine/WorkerPool.ts'

describe('WorkerPool', () => {
  it('stops workers that are still starting when disposed: none reads the index afterwards, none stays', async () => {
    let disposed = false
    const readsAfterDispose: number[] = []
    const logged: string[] = []
    const pool = new WorkerPool(
      2,
      () => {
        if (disposed) readsAfterDispose.push(Date.now())
        return []
      },
      (message) => logged.push(message),
    )
    const starting = pool.start()
    // Loading OpenCV takes hundreds of ms: both workers are still starting here.
    disposed = true
    await pool.dispose()
    const outcome = await Promise.race([
      starting.then(
        () => 'resolved',
        () => 'rejected',
      ),
      new Promise((resolve) => setTimeout(() => resolve('still pending'), 10_000)),
    ])
    // Time for a worker that was not stopped to finish loading and ask for the index.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(readsAfterDispose).toEqual([])
    expect(pool.size).toBe(0)
    expect(outcome).toBe('rejected')
    await expect(pool.run('grade', { image: new Uint8Array(8) })).rejects.toThrow(/closed/)
  })
})
