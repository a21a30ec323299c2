import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64, utf8ToBase64 } from '../../../../src/protocol/base64'
import { decodeMeta, encodeMeta, MAX_TITLE_CHARS, type MetaErrorCode } from '../../../../src/protocol/meta'

const baseUrl = 'https://ar.example.com/app/'
const decode = (meta: string | undefined) => decodeMeta(meta, { baseUrl })
const bytesB64 = (bytes: number[]) => bytesToBase64(new Uint8Array(bytes))

function expectError(meta: string | undefined, code: MetaErrorCode, includes?: string) {
  const result = decode(meta)
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.error.code).toBe(code)
  if (includes) expect(result.error.message).toContain(includes)
}

describe('base64', () => {
  it('round-trips every byte value and all padding lengths', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 256]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff)
      expect(Array.from(base64ToBytes(bytesToBase64(bytes))!)).toEqual(Array.from(bytes))
    }
  })
  it('matches a known vector and accepts missing padding and the URL-safe alphabet', () => {
    expect(utf8ToBase64('hello')).toBe('aGVsbG8=')
    expect(new TextDecoder().decode(base64ToBytes('aGVsbG8')!)).toBe('hello')
    expect(Array.from(base64ToBytes('-_8=')!)).toEqual([251, 255])
  })
  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(base64ToBytes('ab$d')).toBeNull()
    expect(base64ToBytes('abcde')).toBeNull()
  })
})

describe('decodeMeta', () => {
  it('decodes our full schema with defaults filled', () => {
    const result = decode(
      encodeMeta({
        type: 'model',
        url: 'content/robot.glb',
        scale: 2,
        position: [0, 0.1, -0.2],
        rotation: [0, 90, 0],
        animation: 'Wave',
        loop: false,
        title: 'Robot',
        link: 'https://example.com/robot',
      }),
    )
    expect(result).toEqual({
      ok: true,
      value: {
        type: 'model',
        url: 'https://ar.example.com/app/content/robot.glb',
        scale: 2,
        position: [0, 0.1, -0.2],
        rotation: [0, 90, 0],
        animation: 'Wave',
        loop: false,
        autoplay: true,
        muted: true,
        anchor: 'print',
        title: 'Robot',
        link: 'https://example.com/robot',
      },
    })
  })

  it('anchors content to the print unless the author keeps it on the screen, and names a bad anchor', () => {
    const screen = decode(encodeMeta({ url: 'a.glb', anchor: 'screen' }))
    expect(screen.ok && screen.value.anchor).toBe('screen')
    const bad = decode(encodeMeta({ url: 'a.glb', anchor: 'floor' }))
    expect(bad).toEqual({ ok: false, error: { code: 'bad-field', message: '"anchor" must be "print" or "screen", got "floor"' } })
  })

  it('keeps UTF-8 titles intact (emoji and Chinese), which atob alone would mangle', () => {
    const result = decode(encodeMeta({ type: 'video', url: '/v.mp4', title: '你好，世界 🎉🚀' }))
    expect(result.ok && result.value.title).toBe('你好，世界 🎉🚀')
  })

  it("accepts EasyAR's video sample shape {videoUrl}", () => {
    const result = decode(encodeMeta({ videoUrl: 'https://cdn.example.com/EasyAR-Mega.mp4' }))
    expect(result.ok && result.value).toMatchObject({ type: 'video', url: 'https://cdn.example.com/EasyAR-Mega.mp4', scale: 1 })
  })

  it("accepts EasyAR's model sample shape {modelUrl, scale}", () => {
    const result = decode(encodeMeta({ modelUrl: 'asset/model/trex_v3.glb', scale: 0.02 }))
    expect(result.ok && result.value).toMatchObject({
      type: 'model',
      url: 'https://ar.example.com/app/asset/model/trex_v3.glb',
      scale: 0.02,
    })
  })

  it('infers the type from the extension when it is missing', () => {
    expect(decode(encodeMeta({ url: 'content/a.GLTF?v=2' })).ok && decode(encodeMeta({ url: 'content/a.GLTF?v=2' }))).toMatchObject({
      value: { type: 'model' },
    })
    const video = decode(encodeMeta({ url: 'content/b.webm' }))
    expect(video.ok && video.value.type).toBe('video')
    expectError(encodeMeta({ url: 'content/c.bin' }), 'bad-type', 'cannot be inferred')
  })

  it('accepts a bare URL as meta, plain or base64 (EasyAR Node SDK stores plain strings)', () => {
    expect(decode('https://cdn.example.com/x.mp4')).toMatchObject({ ok: true, value: { type: 'video' } })
    expect(decode(utf8ToBase64('https://cdn.example.com/x.glb'))).toMatchObject({ ok: true, value: { type: 'model' } })
  })

  it('keeps HTML in the title as plain text, strips control characters and caps the length', () => {
    const html = '<img src=x onerror=alert(1)><b>Hi</b>'
    const result = decode(encodeMeta({ type: 'video', url: 'v.mp4', title: html }))
    expect(result.ok && result.value.title).toBe(html)
    const noisy = decode(encodeMeta({ type: 'video', url: 'v.mp4', title: 'a\u0000b\nc' }))
    expect(noisy.ok && noisy.value.title).toBe('a b c')
    const long = decode(encodeMeta({ type: 'video', url: 'v.mp4', title: '🎉'.repeat(500) }))
    expect(long.ok && Array.from(long.value.title!).length).toBe(MAX_TITLE_CHARS)
  })

  it('resolves protocol-relative URLs with the page scheme', () => {
    const result = decode(encodeMeta({ url: '//cdn.example.com/a.glb' }))
    expect(result.ok && result.value.url).toBe('https://cdn.example.com/a.glb')
  })

  describe('invalid cases each name the problem', () => {
    it('empty', () => {
      expectError(undefined, 'empty')
      expectError('   ', 'empty')
    })
    it('not base64', () => expectError('this is not base64!', 'not-base64'))
    it('not UTF-8', () => expectError(bytesB64([0xff, 0xfe, 0xfd]), 'not-utf8'))
    it('not JSON', () => expectError(utf8ToBase64('{"url": '), 'not-json'))
    it('not an object', () => {
      expectError(encodeMeta([1, 2]), 'not-object', 'an array')
      expectError(encodeMeta(42), 'not-object', 'number')
      expectError(utf8ToBase64('null'), 'not-object', 'null')
    })
    it('missing url', () => {
      expectError(encodeMeta({ type: 'video' }), 'missing-url')
      expectError(encodeMeta({ type: 'video', url: '' }), 'missing-url', '"url"')
      expectError(encodeMeta({ url: 42 }), 'missing-url', '42')
    })
    it('bad type', () => {
      expectError(encodeMeta({ type: 'image', url: 'a.png' }), 'bad-type', '"image"')
      expectError(encodeMeta({ modelUrl: 'a.glb', videoUrl: 'b.mp4' }), 'bad-type', 'both')
    })
    it('bad scale', () => {
      expectError(encodeMeta({ url: 'a.glb', scale: 0 }), 'bad-field', '"scale"')
      expectError(encodeMeta({ url: 'a.glb', scale: -1 }), 'bad-field', '"scale"')
      expectError(encodeMeta({ url: 'a.glb', scale: '2' }), 'bad-field', '"scale"')
      expectError(encodeMeta({ url: 'a.glb', scale: 1e9 }), 'bad-field', '"scale"')
    })
    it('bad vectors, flags, animation, link', () => {
      expectError(encodeMeta({ url: 'a.glb', position: [0, 0] }), 'bad-field', '"position"')
      expectError(encodeMeta({ url: 'a.glb', rotation: [0, 'x', 0] }), 'bad-field', '"rotation"')
      expectError(encodeMeta({ url: 'a.glb', loop: 'yes' }), 'bad-field', '"loop"')
      expectError(encodeMeta({ url: 'a.glb', animation: 3 }), 'bad-field', '"animation"')
      expectError(encodeMeta({ url: 'a.glb', title: 3 }), 'bad-field', '"title"')
      expectError(encodeMeta({ url: 'a.glb', link: 'javascript:alert(1)' }), 'unsafe-url', '"link"')
    })
    it('javascript:, data:, blob: and file: URLs are refused', () => {
      expectError(encodeMeta({ type: 'video', url: 'javascript:alert(1)' }), 'unsafe-url', 'javascript:')
      expectError(encodeMeta({ type: 'video', url: 'data:video/mp4;base64,AAAA' }), 'unsafe-url', 'data:')
      expectError(encodeMeta({ type: 'model', url: 'blob:https://ar.example.com/1234' }), 'unsafe-url', 'blob:')
      expectError(encodeMeta({ type: 'model', url: 'file:///etc/passwd' }), 'unsafe-url', 'file:')
      expectError(encodeMeta({ videoUrl: ' JaVaScRiPt:alert(1)' }), 'unsafe-url')
    })
    it('credentials and mixed content are refused; loopback http is allowed', () => {
      expectError(encodeMeta({ url: 'https://u:p@cdn.example.com/a.glb' }), 'unsafe-url', 'credentials')
      expectError(encodeMeta({ url: 'http://cdn.example.com/a.glb' }), 'unsafe-url', 'mixed content')
      expect(decode(encodeMeta({ url: 'http://localhost:8080/a.glb' })).ok).toBe(true)
      expect(decodeMeta(encodeMeta({ url: 'http://cdn.example.com/a.glb' }), { baseUrl: 'http://192.168.1.2:5173/' }).ok).toBe(true)
    })
  })
})

describe('calls to action and caption', () => {
  it('resolves action URLs like content URLs, keeps replay actions, and cleans labels and the caption as plain text', () => {
    const result = decode(
      encodeMeta({
        type: 'video',
        url: 'v.mp4',
        caption: '  Line one\nline two\u0007 ',
        actions: [
          { label: ' Tickets\t', url: 'tickets' },
          { label: 'Again', action: 'replay' },
        ],
      }),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.caption).toBe('Line one line two')
    expect(result.value.actions).toEqual([
      { kind: 'link', label: 'Tickets', url: 'https://ar.example.com/app/tickets' },
      { kind: 'replay', label: 'Again' },
    ])
  })

  it.each([
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,x',
    'vbscript:x',
    'file:///x',
  ])('refuses the action URL %j', (url) =>
    expectError(encodeMeta({ url: 'a.glb', actions: [{ label: 'Go', url }] }), 'unsafe-url', 'actions[0].url'),
  )

  it('names the action and the rule in its errors', () => {
    expectError(encodeMeta({ url: 'a.glb', actions: [{ label: 'Go' }] }), 'bad-field', '"actions[0]" needs either "url" or "action"')
    expectError(encodeMeta({ url: 'a.glb', actions: [{ label: 'x'.repeat(41), action: 'replay' }] }), 'bad-field', 'actions[0].label')
    expectError(
      encodeMeta({ url: 'a.glb', actions: [{ label: 'Go', action: 'share' }] }),
      'bad-field',
      '"actions[0].action" must be "replay"',
    )
  })
})

describe('text per language', () => {
  const meta = encodeMeta({
    items: [{ type: 'text', text: { en: 'Hello', ja: 'こんにちは', 'pt-BR': 'Olá' } }],
    title: { en: 'Robot', ja: 'ロボット', 'pt-BR': 'Robô', 'pt-PT': 'Robô (PT)' },
    caption: { fr: 'Bonjour', de: 'Hallo' },
    actions: [{ label: { en: 'Again', ja: 'もう一度' }, action: 'replay' }],
  })
  const pick = (languages: string[]) => {
    const result = decodeMeta(meta, { baseUrl, languages })
    if (!result.ok) throw new Error(result.error.message)
    const value = result.value
    return [value.title, value.caption, value.actions?.[0]?.label, value.items?.[0]?.type === 'text' ? value.items[0].text : '']
  }

  it('shows the visitor’s language: the exact tag first, then the same language', () => {
    expect(pick(['ja-JP', 'en'])).toEqual(['ロボット', 'Bonjour', 'もう一度', 'こんにちは'])
    expect(pick(['pt-PT'])[0]).toBe('Robô (PT)')
    expect(pick(['pt-BR'])[0]).toBe('Robô')
    expect(pick(['pt-AO'])[0]).toBe('Robô')
    expect(pick(['de-AT', 'ja'])).toEqual(['ロボット', 'Hallo', 'もう一度', 'こんにちは'])
  })

  it('falls back to English, then to the first language given', () => {
    expect(pick(['ko', 'zh'])).toEqual(['Robot', 'Bonjour', 'Again', 'Hello'])
    expect(pick([])).toEqual(['Robot', 'Bonjour', 'Again', 'Hello'])
  })

  it('keeps each text plain: control characters become spaces, the length is cut', () => {
    const result = decodeMeta(encodeMeta({ url: 'a.glb', title: { ja: `<b>太字</b>\u0007${'長'.repeat(200)}` } }), {
      baseUrl,
      languages: ['ja'],
    })
    expect(result.ok && result.value.title).toBe(`<b>太字</b> ${'長'.repeat(MAX_TITLE_CHARS - 10)}`)
  })

  it('names the field and the rule for bad shapes', () => {
    expectError(encodeMeta({ url: 'a.glb', title: {} }), 'bad-field', '"title" gives no language')
    expectError(encodeMeta({ url: 'a.glb', title: { English: 'x' } }), 'bad-field', 'not a language tag')
    expectError(encodeMeta({ url: 'a.glb', caption: { en: 3 } }), 'bad-field', '"caption.en" must be text')
    expectError(encodeMeta({ url: 'a.glb', title: ['x'] }), 'bad-field', 'text per language')
    expectError(encodeMeta({ items: [{ type: 'text', text: { en: ' ' } }] }), 'bad-field', 'items[0].text.en')
  })
})

describe('transparent video', () => {
  it('fills chroma-key defaults and turns the key colour into sRGB 0–1', () => {
    const result = decode(encodeMeta({ url: 'v.mp4', alpha: { mode: 'chroma', color: '#FF8000', spill: 0.3 } }))
    expect(result.ok && result.value.alpha).toEqual({
      mode: 'chroma',
      color: [1, 128 / 255, 0],
      similarity: 0.4,
      smoothness: 0.08,
      spill: 0.3,
    })
    const packed = decode(encodeMeta({ url: 'v.mp4', alpha: { mode: 'packed' } }))
    expect(packed.ok && packed.value.alpha).toEqual({ mode: 'packed', layout: 'side-by-side' })
  })

  it('refuses alpha on a model, even when the type comes from the extension', () => {
    expectError(encodeMeta({ url: 'm.glb', alpha: { mode: 'packed' } }), 'bad-field', 'videos only')
  })
})

describe('several pieces (items)', () => {
  it('describes each piece with its defaults and a 0.2 s stagger, and the target from the first media piece', () => {
    const result = decode(
      encodeMeta({
        title: 'Tour',
        scale: 0.5,
        items: [
          { type: 'text', text: ' Hello\nthere ' },
          { type: 'model', url: 'robot.glb', animation: 'Wave' },
          { type: 'video', url: 'v.mp4', delay: 1 },
        ],
      }),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({ type: 'model', url: 'https://ar.example.com/app/robot.glb', scale: 0.5, title: 'Tour' })
    expect(result.value.items).toEqual([
      { type: 'text', text: 'Hello there', scale: 1, position: [0, 0, 0], rotation: [0, 0, 0], delay: 0 },
      expect.objectContaining({ type: 'model', url: 'https://ar.example.com/app/robot.glb', animation: 'Wave', delay: 0.2 }),
      expect.objectContaining({ type: 'video', url: 'https://ar.example.com/app/v.mp4', delay: 1, muted: true }),
    ])
  })

  it('names the piece in its errors', () => {
    expectError(
      encodeMeta({
        items: [
          { type: 'text', text: 'x' },
          { type: 'video', url: 'javascript:alert(1)' },
        ],
      }),
      'unsafe-url',
      'items[1]',
    )
    expectError(encodeMeta({ items: [{ type: 'model', url: 'a.glb', title: 'x' }] }), 'bad-field', '"items[0]" has the key "title"')
  })
})
