/**
 * The meta JSON Schema (src/protocol/meta.schema.json) is the single source of truth; the app's
 * hand-written decoder (src/protocol/meta.ts, kept small for the initial bundle) must agree with
 * it. One table of metas, each checked by both: every schema rule has a case on each side.
 */
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import schema from '../../../../src/protocol/meta.schema.json'
import { decodeMeta, encodeMeta, MAX_OFFSET_M, MAX_SCALE, MIN_SCALE } from '../../../../src/protocol/meta'

const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema)
const appAccepts = (meta: unknown) => decodeMeta(encodeMeta(meta), { baseUrl: 'https://ar.example.com/app/' }).ok

const VALID: [string, unknown][] = [
  [
    'a full model',
    {
      type: 'model',
      url: 'content/robot.glb',
      scale: 2,
      position: [0, 0.1, -50],
      rotation: [0, 1440, -1440],
      animation: 'Wave',
      loop: false,
      autoplay: true,
      muted: false,
      title: 'Robot',
      link: 'https://example.com/robot',
      usdzUrl: 'content/robot.usdz',
    },
  ],
  ['a video by extension', { url: 'content/clip.mp4' }],
  ['an extension before a query', { url: 'https://cdn.example.com/a.GLB?v=2#x' }],
  ['an upper-case scheme', { url: 'HTTPS://CDN.EXAMPLE.COM/A.MP4' }],
  ['a protocol-relative URL', { url: '//cdn.example.com/a.webm' }],
  ['an absolute path', { url: '/v.mov' }],
  ['http from localhost', { url: 'http://localhost:5173/a.glb' }],
  ['a typed URL without extension', { type: 'video', url: 'https://cdn.example.com/stream?id=4' }],
  ['EasyAR videoUrl', { videoUrl: 'https://cdn.example.com/v' }],
  ['EasyAR modelUrl + scale', { modelUrl: 'content/m', scale: 0.5 }],
  ['both EasyAR keys with a type', { type: 'video', modelUrl: 'm.glb', videoUrl: 'v.mp4' }],
  ['smallest and largest scale', { url: 'a.glb', scale: 0.001 }],
  ['largest scale', { url: 'a.glb', scale: 100 }],
  ['a long title (cut, not refused)', { url: 'a.glb', title: 'x'.repeat(500) }],
  ['unknown keys (ignored)', { url: 'a.glb', campaign: 'spring' }],
  ['a caption', { url: 'a.glb', title: 'T', caption: 'Tap a button below ✨' }],
  ['a long caption (cut, not refused)', { url: 'a.glb', caption: 'c'.repeat(1000) }],
  [
    'four actions',
    {
      url: 'a.mp4',
      actions: [
        { label: 'Tickets', url: 'https://x.example/t' },
        { label: 'Again', action: 'replay' },
        { label: 'Map', url: '/map' },
        { label: '地图', url: '//x.example/m' },
      ],
    },
  ],
  ['no actions', { url: 'a.mp4', actions: [] }],
  ['a 40-character label', { url: 'a.mp4', actions: [{ label: 'x'.repeat(40), action: 'replay' }] }],
  ['a model with a sound', { type: 'model', url: 'a.glb', audio: 'content/theme.mp3' }],
  ['a model with a sound by extension', { url: 'a.glb', audio: 'https://cdn.example.com/s.ogg' }],
  [
    'several pieces',
    {
      title: 'Tour',
      items: [
        { type: 'model', url: 'content/robot.glb', position: [-0.2, 0, 0], animation: 'Wave' },
        { type: 'text', text: 'Hello!', position: [0.2, 0.2, 0], delay: 0.5 },
        { type: 'video', url: 'content/clip.mp4', alpha: { mode: 'chroma' }, scale: 0.5 },
      ],
      actions: [{ label: 'Again', action: 'replay' }],
    },
  ],
  ['one text piece', { items: [{ type: 'text', text: 'Just words' }] }],
  ['pieces moved together', { scale: 0.5, position: [0, 0.1, 0], items: [{ type: 'model', url: 'a.glb', audio: 's.mp3' }] }],
  ['packed alpha, default layout', { url: 'a.mp4', alpha: { mode: 'packed' } }],
  ['packed alpha, stacked', { type: 'video', url: 'a.mp4', alpha: { mode: 'packed', layout: 'stacked' } }],
  [
    'chroma key with every setting',
    { url: 'a.mp4', alpha: { mode: 'chroma', color: '#00FF00', similarity: 0.4, smoothness: 0.08, spill: 0.1 } },
  ],
  ['chroma key with defaults', { videoUrl: 'a.mp4', alpha: { mode: 'chroma' } }],
  ['anchored to the screen', { url: 'a.glb', anchor: 'screen' }],
  ['anchored to the print, pieces', { anchor: 'print', items: [{ type: 'text', text: 'On the print' }] }],
  [
    'a title and caption per language',
    { url: 'a.glb', title: { en: 'Robot', ja: 'ロボット' }, caption: { ja: 'こんにちは', 'pt-BR': 'Olá', 'zh-Hant': '你好' } },
  ],
  [
    'a text card and a label per language',
    { items: [{ type: 'text', text: { en: 'Hi', ja: 'やあ' } }], actions: [{ label: { en: 'Again', ja: 'もう一度' }, action: 'replay' }] },
  ],
  ['chroma key at the limits', { url: 'a.mp4', alpha: { mode: 'chroma', color: '#0000ff', similarity: 0, smoothness: 1, spill: 0 } }],
]

const INVALID: [string, unknown][] = [
  ['no url at all', { type: 'model' }],
  ['an unknown anchor', { url: 'a.glb', anchor: 'wall' }],
  ['anchor as a boolean', { url: 'a.glb', anchor: true }],
  ['anchor inside a piece', { items: [{ type: 'model', url: 'a.glb', anchor: 'screen' }] }],
  ['an empty object', {}],
  ['an unknown type', { type: 'image', url: 'a.png' }],
  ['an empty url', { url: '' }],
  ['a blank url', { type: 'model', url: '   ' }],
  ['a numeric url', { type: 'model', url: 42 }],
  ['javascript:', { type: 'video', url: 'javascript:alert(1)' }],
  ['JavaScript: in capitals', { type: 'video', url: 'JavaScript:alert(1)' }],
  ['data:', { type: 'video', url: 'data:video/mp4;base64,AAAA' }],
  ['blob:', { type: 'video', url: 'blob:https://x/1' }],
  ['file:', { type: 'model', url: 'file:///etc/passwd.glb' }],
  ['credentials', { url: 'https://user:pw@cdn.example.com/a.glb' }],
  ['credentials, protocol-relative', { url: '//user@cdn.example.com/a.glb' }],
  ['no type and no known extension', { url: 'content/picture.png' }],
  ['modelUrl and videoUrl without type', { modelUrl: 'm.glb', videoUrl: 'v.mp4' }],
  ['scale 0', { url: 'a.glb', scale: 0 }],
  ['scale above the maximum', { url: 'a.glb', scale: 101 }],
  ['scale as a string', { url: 'a.glb', scale: '1' }],
  ['position with two numbers', { url: 'a.glb', position: [1, 2] }],
  ['position out of range', { url: 'a.glb', position: [0, 0, 51] }],
  ['rotation out of range', { url: 'a.glb', rotation: [0, 0, 1441] }],
  ['rotation with a string', { url: 'a.glb', rotation: ['0', 0, 0] }],
  ['loop as a string', { url: 'a.glb', loop: 'yes' }],
  ['autoplay as a number', { url: 'a.mp4', autoplay: 1 }],
  ['muted null', { url: 'a.mp4', muted: null }],
  ['animation as a number', { url: 'a.glb', animation: 5 }],
  ['a very long animation name', { url: 'a.glb', animation: 'x'.repeat(201) }],
  ['title as a number', { url: 'a.glb', title: 7 }],
  ['a javascript: link', { url: 'a.glb', link: 'javascript:alert(1)' }],
  ['a data: link', { url: 'a.glb', link: 'data:text/html,<script>alert(1)</script>' }],
  ['an empty link', { url: 'a.glb', link: '' }],
  ['a file: usdzUrl', { url: 'a.glb', usdzUrl: 'file:///x.usdz' }],
  ['caption as a number', { url: 'a.glb', caption: 1 }],
  ['a title per language with no language', { url: 'a.glb', title: {} }],
  ['a title per language with a number', { url: 'a.glb', title: { en: 7 } }],
  ['a title keyed by a language name', { url: 'a.glb', title: { English: 'Robot' } }],
  ['a title keyed by an upper-case language', { url: 'a.glb', title: { EN: 'Robot' } }],
  ['a title keyed by an underscore tag', { url: 'a.glb', title: { pt_BR: 'Olá' } }],
  ['a title as a list', { url: 'a.glb', title: ['Robot'] }],
  ['a caption per language with null', { url: 'a.glb', caption: { en: null } }],
  ['a label per language with no language', { url: 'a.glb', actions: [{ label: {}, action: 'replay' }] }],
  ['a label per language of 41 characters', { url: 'a.glb', actions: [{ label: { en: 'ok', ja: 'x'.repeat(41) }, action: 'replay' }] }],
  ['a blank text card per language', { items: [{ type: 'text', text: { en: 'Hi', ja: '  ' } }] }],
  ['actions not a list', { url: 'a.glb', actions: { label: 'x', url: 'https://x.example' } }],
  ['five actions', { url: 'a.glb', actions: Array.from({ length: 5 }, () => ({ label: 'x', action: 'replay' })) }],
  ['an action that is a string', { url: 'a.glb', actions: ['https://x.example'] }],
  ['an action without label', { url: 'a.glb', actions: [{ url: 'https://x.example' }] }],
  ['an action with an empty label', { url: 'a.glb', actions: [{ label: '', url: 'https://x.example' }] }],
  ['an action with a blank label', { url: 'a.glb', actions: [{ label: '   ', url: 'https://x.example' }] }],
  ['a 41-character label', { url: 'a.glb', actions: [{ label: 'x'.repeat(41), action: 'replay' }] }],
  ['an action with neither url nor action', { url: 'a.glb', actions: [{ label: 'x' }] }],
  ['an action with both url and action', { url: 'a.glb', actions: [{ label: 'x', url: 'https://x.example', action: 'replay' }] }],
  ['an unknown action', { url: 'a.glb', actions: [{ label: 'x', action: 'share' }] }],
  ['an unknown key in an action', { url: 'a.glb', actions: [{ label: 'x', url: 'https://x.example', target: '_self' }] }],
  ['a javascript: action', { url: 'a.glb', actions: [{ label: 'Win', url: 'javascript:alert(document.cookie)' }] }],
  ['a data: action', { url: 'a.glb', actions: [{ label: 'Win', url: 'data:text/html,<script>alert(1)</script>' }] }],
  ['a vbscript: action', { url: 'a.glb', actions: [{ label: 'Win', url: 'vbscript:msgbox(1)' }] }],
  ['an action URL with credentials', { url: 'a.glb', actions: [{ label: 'Win', url: 'https://a:b@x.example/' }] }],
  ['audio on a video', { type: 'video', url: 'a.mp4', audio: 'content/theme.mp3' }],
  ['a javascript: audio', { type: 'model', url: 'a.glb', audio: 'javascript:alert(1)' }],
  ['an empty audio', { type: 'model', url: 'a.glb', audio: '' }],
  ['audio as a list', { type: 'model', url: 'a.glb', audio: ['a.mp3'] }],
  ['items with a url too', { url: 'a.glb', items: [{ type: 'model', url: 'a.glb' }] }],
  ['items with a type too', { type: 'model', items: [{ type: 'model', url: 'a.glb' }] }],
  ['empty items', { items: [] }],
  ['seven pieces', { items: Array.from({ length: 7 }, () => ({ type: 'text', text: 'x' })) }],
  ['a piece without type', { items: [{ url: 'a.glb' }] }],
  ['a piece of unknown type', { items: [{ type: 'image', url: 'a.png' }] }],
  ['a text piece without text', { items: [{ type: 'text' }] }],
  ['a blank text piece', { items: [{ type: 'text', text: '  ' }] }],
  ['a text piece with a url', { items: [{ type: 'text', text: 'x', url: 'a.glb' }] }],
  ['a model piece without url', { items: [{ type: 'model' }] }],
  ['a javascript: piece', { items: [{ type: 'video', url: 'javascript:alert(1)' }] }],
  ['a piece with a title', { items: [{ type: 'model', url: 'a.glb', title: 'x' }] }],
  ['a piece delayed too long', { items: [{ type: 'model', url: 'a.glb', delay: 11 }] }],
  ['a negative delay', { items: [{ type: 'text', text: 'x', delay: -1 }] }],
  ['alpha on a model piece', { items: [{ type: 'model', url: 'a.glb', alpha: { mode: 'packed' } }] }],
  ['audio on a video piece', { items: [{ type: 'video', url: 'a.mp4', audio: 's.mp3' }] }],
  ['nested items', { items: [{ type: 'model', url: 'a.glb', items: [] }] }],
  ['a piece off by 51 m', { items: [{ type: 'text', text: 'x', position: [51, 0, 0] }] }],
  ['alpha on a model', { type: 'model', url: 'a.glb', alpha: { mode: 'packed' } }],
  ['alpha as a string', { url: 'a.mp4', alpha: 'packed' }],
  ['an unknown alpha mode', { url: 'a.mp4', alpha: { mode: 'luma' } }],
  ['alpha without mode', { url: 'a.mp4', alpha: { layout: 'stacked' } }],
  ['an unknown packed layout', { url: 'a.mp4', alpha: { mode: 'packed', layout: 'top-bottom' } }],
  ['a chroma setting on packed', { url: 'a.mp4', alpha: { mode: 'packed', color: '#00ff00' } }],
  ['a named key colour', { url: 'a.mp4', alpha: { mode: 'chroma', color: 'green' } }],
  ['a short key colour', { url: 'a.mp4', alpha: { mode: 'chroma', color: '#0f0' } }],
  ['similarity above 1', { url: 'a.mp4', alpha: { mode: 'chroma', similarity: 1.5 } }],
  ['smoothness below 0', { url: 'a.mp4', alpha: { mode: 'chroma', smoothness: -0.1 } }],
  ['spill as a string', { url: 'a.mp4', alpha: { mode: 'chroma', spill: '0.1' } }],
]

describe('meta JSON Schema and the app decoder agree', () => {
  it.each(VALID)('both accept %s', (_name, meta) => {
    expect(validate(meta), JSON.stringify(validate.errors)).toBe(true)
    expect(appAccepts(meta)).toBe(true)
  })

  it.each(INVALID)('both refuse %s', (_name, meta) => {
    expect(validate(meta)).toBe(false)
    expect(appAccepts(meta)).toBe(false)
  })

  it('uses the same numeric limits', () => {
    expect(schema.properties.scale.minimum).toBe(MIN_SCALE)
    expect(schema.properties.scale.maximum).toBe(MAX_SCALE)
    expect(schema.$defs.offset.items.maximum).toBe(MAX_OFFSET_M)
    expect(schema.$defs.offset.items.minimum).toBe(-MAX_OFFSET_M)
  })

  it('leaves mixed content to the page: the app refuses http:// on https://, the schema cannot know the page', () => {
    const meta = { url: 'http://cdn.example.com/a.mp4' }
    expect(validate(meta)).toBe(true)
    expect(appAccepts(meta)).toBe(false)
    expect(decodeMeta(encodeMeta(meta), { baseUrl: 'http://localhost:5173/' }).ok).toBe(true)
  })

  it('documents every field the app reads', () => {
    for (const [key, value] of Object.entries(schema.properties)) expect((value as { description?: string }).description, key).toBeTruthy()
  })
})

// The sample library must be valid authoring examples.
const samples = import.meta.glob<unknown>('../../../../assets/targets/*.json', { eager: true, import: 'default' })
describe('sample metas', () => {
  it.each(Object.entries(samples))('%s is valid against the schema', (_path, meta) => {
    expect(validate(meta), JSON.stringify(validate.errors)).toBe(true)
  })
})
