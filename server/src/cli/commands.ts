/**
 * @module
 * The `crs` commands. Each one resolves config from flags + env, opens the engine only if it needs
 * it, and closes it before returning the exit code.
 */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import type { ParseArgsConfig } from 'node:util'
import { allocatorHint } from '../allocatorHint.ts'
import { type CrsConfig, type ConfigFlags, resolveConfig } from '../config.ts'
import { RecognitionEngine } from '../engine/RecognitionEngine.ts'
import { FEATURE_RECIPE } from '../engine/tuning.ts'
import type { RecognitionEngineApi, TargetRecord } from '../engine/types.ts'
import { createApp } from '../http/app.ts'
import { explainGrade, toWireTarget } from '../http/targetWire.ts'
import { closeOnSignals, startServer } from '../main.ts'
import { checkMetaJson, formatProblem } from '../meta/checkMetaJson.ts'
import { analyseFeatures, drawFeatures, type FeatureReport } from '../grade/featureReport.ts'
import type { GradeReport } from '../engine/types.ts'
import { encodeJsonMeta, importEntry, readTargetFolder } from '../seed.ts'
import { LocalTokenIssuer } from '../token/LocalTokenIssuer.ts'
import { CliError } from './CliError.ts'
import type { CliIo } from './main.ts'
import { createProgress } from './progress.ts'

export interface CommandContext {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
  io: CliIo
}

export interface Command {
  options: NonNullable<ParseArgsConfig['options']>
  positionals: string[]
  run(context: CommandContext): Promise<number>
}

function str(context: CommandContext, name: string): string | undefined {
  const value = context.values[name]
  return typeof value === 'string' ? value : undefined
}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new CliError(`--${name} must be a whole number, got "${raw}"`, 2)
  return value
}

function configOf(context: CommandContext, flags: ConfigFlags = {}): CrsConfig {
  const db = str(context, 'db')
  const appId = str(context, 'app-id')
  return resolveConfig(
    { ...(db ? { dbPath: db } : {}), ...(appId ? { appId } : {}), ...flags },
    context.io.env,
  )
}

function workersOf(context: CommandContext): number | undefined {
  return positiveInt('workers', str(context, 'workers') ?? context.io.env.CRS_WORKERS) || undefined
}

async function withEngine<T>(
  context: CommandContext,
  config: CrsConfig,
  use: (engine: RecognitionEngineApi) => Promise<T>,
): Promise<T> {
  const workers = workersOf(context)
  // Workers (and OpenCV) start only if the command searches or adds: `list`/`remove` stay fast.
  const engine = await RecognitionEngine.open({
    dbPath: config.dbPath,
    lazyWorkers: true,
    ...(workers !== undefined ? { workers } : {}),
  })
  try {
    return await use(engine)
  } finally {
    await engine.close()
  }
}

async function readImage(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`)
  }
}

function json(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

function summary(target: TargetRecord): string {
  return `${target.targetId}  ${target.name}  grade ${target.grade}  ${target.active ? 'active' : 'inactive'}`
}

/** `--meta` / `--meta-file`: JSON → base64 of the minified JSON; `--raw-meta` stores it as is. */
async function metaOf(context: CommandContext): Promise<string | undefined> {
  const inline = str(context, 'meta')
  const file = str(context, 'meta-file')
  if (inline !== undefined && file !== undefined) throw new CliError('give --meta or --meta-file, not both', 2)
  let text = inline
  if (file !== undefined) {
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  }
  if (text === undefined) return undefined
  if (context.values['raw-meta']) return text
  const source = file !== undefined ? file : '--meta'
  let encoded: string
  try {
    encoded = encodeJsonMeta(text)
  } catch {
    throw new CliError(`${source} is not valid JSON (add --raw-meta to store the string as is)`, 2)
  }
  const check = checkMetaJson(JSON.parse(text))
  for (const warning of check.warnings) context.io.stderr(`crs: warning: ${source}: ${formatProblem(warning)}\n`)
  if (!check.ok && context.values.force !== true) {
    // One line (CLI errors are one line): every problem, separated by "; ".
    throw new CliError(`${source} is not valid meta: ${check.errors.map(formatProblem).join('; ')} (fix it, or add --force)`, 2)
  }
  return encoded
}

/** Reads a meta JSON file for `crs meta`; a missing file or bad JSON is a usage error. */
async function readMetaJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, 2)
  }
}

/** Base64 (standard or URL-safe, padding optional) → the meta JSON it holds. */
function decodeMetaArgument(raw: string): { text: string; value: unknown } {
  const trimmed = raw.trim()
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new CliError('that is not base64 (crs meta decode takes the meta string as stored in CRS)', 2)
  const text = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
  try {
    return { text, value: JSON.parse(text) }
  } catch {
    return { text, value: undefined }
  }
}

/** `crs meta encode|decode|validate`: authoring meta for EasyAR's console or `crs add`. */
const meta: Command = {
  options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['encode|decode|validate', 'file|base64'],
  async run(context) {
    const [action, argument] = context.positionals as [string, string]
    const { io } = context
    const report = (source: string, check: ReturnType<typeof checkMetaJson>) => {
      for (const warning of check.warnings) io.stderr(`crs: warning: ${source}: ${formatProblem(warning)}\n`)
      for (const error of check.errors) io.stderr(`crs: ${source}: ${formatProblem(error)}\n`)
    }
    switch (action) {
      case 'encode': {
        const value = await readMetaJson(argument)
        const check = checkMetaJson(value)
        report(argument, check)
        if (!check.ok && context.values.force !== true) {
          io.stderr(`crs: ${argument} is not valid meta (${check.errors.length} problem(s)); nothing encoded (add --force to encode it anyway)\n`)
          return 1
        }
        io.stdout(`${Buffer.from(JSON.stringify(value), 'utf8').toString('base64')}\n`)
        return 0
      }
      case 'decode': {
        const { text, value } = decodeMetaArgument(argument)
        if (value === undefined) {
          // A bare URL (EasyAR's Node SDK stores plain strings) is valid meta too.
          io.stdout(`${text}\n`)
          return /^https?:\/\/\S+$/i.test(text.trim()) ? 0 : 1
        }
        io.stdout(`${JSON.stringify(value, null, 2)}\n`)
        const check = checkMetaJson(value)
        report('meta', check)
        return check.ok ? 0 : 1
      }
      case 'validate': {
        const value = await readMetaJson(argument)
        const check = checkMetaJson(value)
        if (context.values.json) {
          json(io, { valid: check.ok, errors: check.errors, warnings: check.warnings, ...(check.description ? { content: check.description } : {}) })
          return check.ok ? 0 : 1
        }
        report(argument, check)
        if (!check.ok) return 1
        const d = check.description!
        io.stdout(`${argument}: valid meta: ${d.type} ${d.url}${d.title ? ` - "${d.title}"` : ''}\n`)
        return 0
      }
      default:
        throw new CliError(`unknown meta action "${action}": use encode, decode or validate (see crs meta --help)`, 2)
    }
  },
}

const serve: Command = {
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    seed: { type: 'boolean' },
  },
  positionals: [],
  async run(context) {
    const { io } = context
    const port = positiveInt('port', str(context, 'port'))
    const host = str(context, 'host')
    const token = str(context, 'token')
    const config = configOf(context, {
      ...(port !== undefined ? { port } : {}),
      ...(host ? { host } : {}),
      ...(token ? { token } : {}),
    })
    const log = (message: string) => io.stderr(`${message}\n`)
    const workers = workersOf(context)
    const running = await startServer(config, {
      seed: context.values.seed === true,
      log,
      ...(workers !== undefined ? { workers } : {}),
    })
    const curlToken =
      config.token ?? new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: config.tokenTtlS }).mint().token
    const image = `${config.seedDir}/tea-box.png`
    io.stdout(
      [
        `crs: serving the CRS API on ${running.url}`,
        `  appId   ${config.appId}`,
        `  store   ${config.dbPath} (${running.engine.countTargets()} targets)`,
        `  token   ${curlToken}${config.token ? ' (fixed)' : ` (local, valid ${config.tokenTtlS} s; more from POST /token)`}`,
        `Try:`,
        `  (printf '{"appId":"${config.appId}","notracking":true,"image":"'; base64 < ${image} | tr -d '\\n'; printf '"}') |`,
        `    curl -s ${running.url}/search -H 'Content-Type: application/json' -H 'Authorization: ${curlToken}' -d @-`,
        '',
      ].join('\n'),
    )
    const hint = allocatorHint(process.env)
    if (hint) log(hint)
    await closeOnSignals(running, log)
    return 0
  },
}

const add: Command = {
  options: {
    name: { type: 'string' },
    meta: { type: 'string' },
    'meta-file': { type: 'string' },
    'raw-meta': { type: 'boolean' },
    size: { type: 'string' },
    inactive: { type: 'boolean' },
    'allow-similar': { type: 'boolean' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: ['image'],
  async run(context) {
    const name = str(context, 'name')
    if (!name) throw new CliError('--name is required (see crs add --help)', 2)
    const meta = await metaOf(context)
    const image = await readImage(context.positionals[0]!)
    const size = str(context, 'size')
    return withEngine(context, configOf(context), async (engine) => {
      // Look-alikes are refused by the engine (419) unless --allow-similar; allowed ones are named.
      if (context.values['allow-similar'] === true) {
        const similar = await engine.similar(image)
        if (similar.length > 0) {
          const names = similar.map((e) => `${e.target.name} (score ${e.score.toFixed(2)})`).join(', ')
          context.io.stderr(`crs: warning: ${name} looks like ${names}; added anyway (--allow-similar): visitors may get the other target's content\n`)
        }
      }
      const [report, features] = await Promise.all([engine.grade(image), analyseFeatures(image).catch(() => null)])
      const warning = gradeWarning(name, report, features)
      if (warning) context.io.stderr(warning)
      const target = await engine.addTarget({
        image,
        name,
        ...(meta !== undefined ? { meta } : {}),
        ...(size !== undefined ? { size } : {}),
        active: context.values.inactive !== true,
        allowSimilar: context.values['allow-similar'] === true,
      })
      if (context.values.json) json(context.io, { target: toWireTarget(target) })
      else context.io.stdout(`added ${summary(target)}\n`)
      return 0
    })
  },
}

const importCommand: Command = {
  options: { update: { type: 'boolean' }, force: { type: 'boolean' } },
  positionals: ['folder'],
  async run(context) {
    const folder = context.positionals[0]!
    let entries
    try {
      entries = await readTargetFolder(folder)
    } catch (error) {
      throw new CliError(`cannot read folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
    if (entries.length === 0) throw new CliError(`no png/jpg/jpeg/webp images in ${folder}`)
    return withEngine(context, configOf(context), async (engine) => {
      const progress = createProgress()
      const counts = { added: 0, updated: 0, skipped: 0, failed: 0 }
      for (const [index, entry] of entries.entries()) {
        const outcome = await importEntry(engine, entry, { update: context.values.update === true, checkMeta: checkSidecar(context) })
        counts[outcome.action]++
        const detail =
          outcome.action === 'failed'
            ? `failed: ${outcome.error.message}`
            : `${outcome.action} (${outcome.target.targetId}, grade ${outcome.target.grade})`
        progress.item(index + 1, entries.length, `${entry.name}: ${detail}`)
      }
      progress.finish()
      context.io.stderr(
        `crs import: ${counts.added} added, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.failed} failed\n`,
      )
      return counts.failed > 0 ? 1 : 0
    })
  },
}

const reindex: Command = {
  options: {},
  positionals: [],
  async run(context) {
    const config = configOf(context)
    const workers = workersOf(context)
    const engine = await RecognitionEngine.open({ dbPath: config.dbPath, ...(workers !== undefined ? { workers } : {}) })
    try {
      const progress = createProgress()
      const { targets, ms } = await engine.reindex((done, total) => progress.item(done, total, 're-extracted'))
      progress.finish()
      context.io.stderr(`crs reindex: ${targets} target(s) re-extracted with ${FEATURE_RECIPE} in ${(ms / 1000).toFixed(1)} s\n`)
      return 0
    } finally {
      await engine.close()
    }
  },
}

/** Import's meta check: invalid sidecars fail their item (unless --force); warnings go to stderr. */
function checkSidecar(context: CommandContext): (json: unknown, name: string) => string | null {
  return (value, name) => {
    const check = checkMetaJson(value)
    for (const warning of check.warnings) context.io.stderr(`crs: warning: ${name}.json: ${formatProblem(warning)}\n`)
    if (check.ok || context.values.force === true) return null
    return `${name}.json is not valid meta: ${check.errors.map(formatProblem).join('; ')} (fix it, or add --force)`
  }
}

const list: Command = {
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run(context) {
    return withEngine(context, configOf(context), async (engine) => {
      const targets: TargetRecord[] = []
      for (let page = 1; ; page++) {
        const batch = engine.listTargets(page, 100)
        targets.push(...batch)
        if (batch.length < 100) break
      }
      if (context.values.json) {
        json(context.io, { targets: targets.map((t) => toWireTarget(t)) })
        return 0
      }
      const rows = targets.map((t) =>
        [t.targetId, t.name, t.active ? 'yes' : 'no', String(t.grade), t.size, new Date(t.modified).toISOString()],
      )
      const header = ['ID', 'NAME', 'ACTIVE', 'GRADE', 'SIZE', 'MODIFIED']
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
      for (const row of [header, ...rows]) {
        context.io.stdout(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`)
      }
      context.io.stderr(`${targets.length} target(s) in ${configOf(context).dbPath}\n`)
      return 0
    })
  },
}

const remove: Command = {
  options: {},
  positionals: ['id|name'],
  async run(context) {
    const key = context.positionals[0]!
    return withEngine(context, configOf(context), async (engine) => {
      const target = engine.getTarget(key) ?? engine.findTargetByName(key)
      if (!target || !engine.deleteTarget(target.targetId)) throw new CliError(`no target with id or name "${key}"`)
      context.io.stdout(`removed ${target.targetId}  ${target.name}\n`)
      return 0
    })
  },
}

/** The engine's grade in words, plus what it does not measure: a repetitive pattern. */
function gradeInWords(report: GradeReport, features: FeatureReport | null): string {
  const lines = [explainGrade(report)]
  if (features?.repetitive) {
    lines.push(
      `Repetitive pattern: ${Math.round(features.repeatedShare * 100)}% of the features have a look-alike elsewhere in the image; ` +
        'they match each other as well as the print, which confuses recognition. Break the repeat up (different pictures or text in each tile).',
    )
  }
  const advice = adviceFor(report)
  if (advice) lines.push(advice)
  return lines.join('\n')
}

function adviceFor(report: GradeReport): string | null {
  const tips: string[] = []
  const text = report.reasons.join(' ')
  if (report.grade === -1 || /few features/.test(text)) tips.push('add detail: texture, text, illustrations with corners')
  if (/bunched|unevenly/.test(text)) tips.push('spread the detail over the whole image (empty areas give nothing to match)')
  if (/contrast/.test(text)) tips.push('raise the contrast (dark on light, not mid-grey on grey)')
  return tips.length > 0 ? `To improve: ${tips.join('; ')}.` : null
}

/** Warnings for `crs add`: a hard-to-recognize image is added anyway, with the reasons said. */
function gradeWarning(name: string, report: GradeReport, features: FeatureReport | null): string | null {
  if (report.grade < 3 && report.grade !== -1 && !features?.repetitive) return null
  return `crs: warning: ${name} will be hard to recognize: ${gradeInWords(report, features).replace(/\n/g, ' ')}\n`
}

const grade: Command = {
  options: { json: { type: 'boolean' }, out: { type: 'string' } },
  positionals: ['image'],
  async run(context) {
    const image = await readImage(context.positionals[0]!)
    const out = str(context, 'out')
    return withEngine(context, configOf(context), async (engine) => {
      const report = await engine.grade(image)
      const features = await analyseFeatures(image)
      if (out !== undefined) {
        try {
          await writeFile(out, await drawFeatures(image, features))
        } catch (error) {
          throw new CliError(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
        }
      }
      const words = gradeInWords(report, features)
      if (context.values.json) {
        json(context.io, { ...report, repetitive: features.repetitive, repeatedShare: Math.round(features.repeatedShare * 100) / 100, explanation: words })
      } else {
        context.io.stdout(`${words}\n`)
        if (out !== undefined) context.io.stdout(`Features drawn in ${out} (green: features, orange: look-alikes; red counts: grid cells with too few).\n`)
      }
      return 0
    })
  },
}

const similar: Command = {
  options: { json: { type: 'boolean' } },
  positionals: ['image'],
  async run(context) {
    const image = await readImage(context.positionals[0]!)
    return withEngine(context, configOf(context), async (engine) => {
      const entries = await engine.similar(image)
      if (context.values.json) {
        json(context.io, { results: entries.map((e) => ({ ...toWireTarget(e.target), score: e.score, inliers: e.inliers })) })
      } else if (entries.length === 0) {
        context.io.stdout('no similar targets\n')
      } else {
        for (const e of entries) context.io.stdout(`${summary(e.target)}  score ${e.score.toFixed(2)}  inliers ${e.inliers}\n`)
      }
      return 0
    })
  },
}

const search: Command = {
  options: { tracking: { type: 'boolean' } },
  positionals: ['image'],
  async run(context) {
    const image = await readImage(context.positionals[0]!)
    const config = configOf(context)
    return withEngine(context, config, async (engine) => {
      // Answer through the real HTTP app, so the output is byte-for-byte what /search sends.
      const token = randomBytes(16).toString('hex')
      const app = createApp({ engine, config: { ...config, token, qps: 1e6 } })
      const res = await app.request('/search', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: token },
        body: JSON.stringify({
          image: Buffer.from(image).toString('base64'),
          appId: config.appId,
          notracking: context.values.tracking !== true,
        }),
      })
      const text = await res.text()
      context.io.stdout(`${text}\n`)
      return (JSON.parse(text) as { statusCode: number }).statusCode === 0 ? 0 : 1
    })
  },
}

const token: Command = {
  options: { json: { type: 'boolean' }, ttl: { type: 'string' } },
  positionals: [],
  async run(context) {
    const ttl = positiveInt('ttl', str(context, 'ttl'))
    const config = configOf(context, ttl ? { tokenTtlS: ttl } : {})
    const minted = new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: config.tokenTtlS }).mint()
    if (context.values.json) json(context.io, minted)
    else context.io.stdout(`${minted.token}\n`)
    return 0
  },
}

export const COMMANDS: Record<string, Command> = {
  serve,
  add,
  import: importCommand,
  reindex,
  meta,
  list,
  remove,
  grade,
  similar,
  search,
  token,
}
