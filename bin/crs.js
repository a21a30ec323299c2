#!/usr/bin/env node
// The `crs` command: loads tsx so the TypeScript CLI runs as is, then hands over argv.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
