/**
 * @module
 * Checks authored meta JSON against `src/protocol/meta.schema.json` (the single source of truth)
 * for the `crs` CLI: every problem names its JSON path and the schema rule it breaks, so a
 * campaign team can fix a file without reading code. After the schema, the app's own decoder
 * runs on an https page, so what passes here is what a visitor's phone will show.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import schema from '../../../src/protocol/meta.schema.json' with { type: 'json' }
import { decodeMeta, encodeMeta, type ContentDescription } from '../../../src/protocol/meta.ts'

export interface MetaProblem {
  /** JSONPath of the offending value, e.g. `$.actions[1].url`; `$` for the whole meta. */
  path: string
  /** The JSON Schema keyword that failed (`maximum`, `pattern`, `required` …), or `app` for a run-time rule. */
  rule: string
  message: string
}

export interface MetaCheck {
  ok: boolean
  errors: MetaProblem[]
  /** Not errors: things the app ignores (e.g. unknown keys, usually typos). */
  warnings: MetaProblem[]
  /** What the app will show, when ok. */
  description?: ContentDescription
}

/** The origin used for the app's own check: production pages are https. */
export const APP_BASE = 'https://app.invalid/'

// strictRequired off: anyOf/if branches name properties defined one level up (valid JSON Schema).
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false })
const validate = ajv.compile(schema)
const KNOWN_KEYS = new Set(Object.keys(schema.properties))

export function checkMetaJson(value: unknown): MetaCheck {
  const warnings: MetaProblem[] = []
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      if (!KNOWN_KEYS.has(key))
        warnings.push({ path: jsonPath(`/${key}`), rule: 'unknown-key', message: `"${key}" is not a meta field; the app ignores it` })
    }
  }
  if (!validate(value)) return { ok: false, errors: explain(validate.errors ?? []), warnings }
  const decoded = decodeMeta(encodeMeta(value), { baseUrl: APP_BASE })
  if (!decoded.ok) {
    // The app's messages start with the field they are about: `"url" is http:// but …`.
    const field = /^"([\w.]+)"/.exec(decoded.error.message)?.[1]
    return { ok: false, errors: [{ path: field ? `$.${field}` : '$', rule: 'app', message: decoded.error.message }], warnings }
  }
  return { ok: true, errors: [], warnings, description: decoded.value }
}

/** One line per problem: `$.scale: must be <= 100 (rule: maximum)`. */
export function formatProblem(problem: MetaProblem): string {
  return `${problem.path}: ${problem.message} (rule: ${problem.rule})`
}

/** ajv errors → one readable problem each, without the bookkeeping errors of anyOf/if. */
function explain(errors: readonly ErrorObject[]): MetaProblem[] {
  const problems: MetaProblem[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    // "must match then schema" only repeats the error inside "then".
    if (error.keyword === 'if') continue
    // The three "required" errors under the root anyOf are summed up by the anyOf error.
    if (error.schemaPath.startsWith('#/anyOf/')) continue
    // Likewise the branch errors under an action's oneOf (url or action): the oneOf error says it.
    if (/\/oneOf\/\d+\//.test(error.schemaPath)) continue
    const rule = error.keyword === 'false schema' ? (/^#\/(allOf\/\d+)/.exec(error.schemaPath)?.[1] ?? 'schema') : error.keyword
    const problem = { path: jsonPath(error.instancePath), rule, message: messageOf(error) }
    const key = formatProblem(problem)
    if (seen.has(key)) continue
    seen.add(key)
    problems.push(problem)
  }
  return problems
}

function messageOf(error: ErrorObject): string {
  if (error.schemaPath === '#/anyOf') return 'needs "url" (or the EasyAR-style "modelUrl" / "videoUrl")'
  const rule = /^#\/allOf\/(\d+)\//.exec(error.schemaPath)
  const ruleDescription = rule ? (schema.allOf[Number(rule[1])] as { description?: string } | undefined)?.description : undefined
  const parent = error.parentSchema as { description?: string } | undefined
  switch (error.keyword) {
    case 'oneOf':
      return `needs either "url" or "action" (not both): ${parent?.description ?? ''}`.trimEnd()
    case 'additionalProperties':
      return `unknown key "${String(error.params.additionalProperty)}"${parent?.description ? `: ${parent.description}` : ''}`
    case 'false schema':
      return ruleDescription ?? 'not allowed here'
    case 'pattern':
      return `${show(error.data)} is not allowed: ${parent?.description ?? `must match ${String(error.params.pattern)}`}`
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${show(error.data)}`
    case 'minimum':
    case 'maximum':
    case 'type':
    case 'maxLength':
    case 'minLength':
      return `${error.message ?? 'is invalid'}, got ${show(error.data)}`
    default:
      return error.message ?? 'is invalid'
  }
}

/** JSON pointer → JSONPath (`/actions/0/url` → `$.actions[0].url`). */
function jsonPath(pointer: string): string {
  if (pointer === '') return '$'
  return `$${pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
    .join('')}`
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
