/** Where the generated assets go. */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const TARGET_DIR = path.join(ROOT, 'assets', 'targets')
export const CONTENT_DIR = path.join(ROOT, 'assets', 'content')
