/**
 * Child process for the crash test: adds generated posters to the engine at argv[2] until killed.
 * Prints "added N" after each commit so the parent knows when to SIGKILL it mid-import.
 */
import { RecognitionEngine } from '../../server/src/engine/RecognitionEngine.ts'
import { makePoster } from './scenes.ts'

const engine = await RecognitionEngine.open({ dbPath: process.argv[2]!, workers: 1 })
for (let i = 0; ; i++) {
  await engine.addTarget({ image: await makePoster(10_000 + i), name: `crash-${i}`, allowSimilar: true })
  process.stdout.write(`added ${i + 1}\n`)
}
