/**
 * `tsx tests/helpers/openStoreAt.ts <db> <epoch ms>`: waits until that instant, opens the store
 * (which migrates it) and prints `ok` or `fail <message>`. Several at once race the migration.
 */
import { TargetStore } from '../../server/src/engine/TargetStore.ts'

const [file, at] = [process.argv[2]!, Number(process.argv[3])]
while (Date.now() < at) {
  // Spin: a timer's few milliseconds of jitter would spread the opens apart.
}
try {
  new TargetStore(file).close()
  process.stdout.write('ok\n')
} catch (error) {
  process.stdout.write(`fail ${(error as Error).message}\n`)
}
