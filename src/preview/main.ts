/**
 * The dev preview page (/preview.html, `npm run dev` only): the real app in an iframe, fed a meta
 * through its printAR hook exactly as a recognition would; the target image goes to the dev
 * server's preview checks (server/src/vitePlugin.ts: /grade and /similar run there with operator
 * credentials the page never sees, for this machine only) for its grade and look-alikes.
 */
import type { PrintARHook } from '../app/printARHook'
import { describeGrade, describeMetaResult, describeSimilar, type GradeAnswer, type SimilarAnswer } from './previewText'

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const metaText = $<HTMLTextAreaElement>('meta-text')
const metaResult = $('meta-result')
const grade = $('grade')
const similar = $('similar')
const thumb = $<HTMLImageElement>('image-thumb')
const app = $<HTMLIFrameElement>('app')

metaText.value = JSON.stringify(
  { type: 'model', url: 'content/robot.glb', animation: 'Wave', title: 'Hello', actions: [{ label: 'Again', action: 'replay' }] },
  null,
  2,
)

function say(node: HTMLElement, text: string, tone: string): void {
  node.textContent = text
  node.dataset.tone = tone
}

async function show(): Promise<void> {
  const hook = (app.contentWindow as (Window & { printAR?: PrintARHook }) | null)?.printAR
  if (!hook || app.contentDocument?.documentElement.dataset.started !== 'true') {
    say(metaResult, 'Tap “Tap to start” in the app first (it needs the camera or a chosen photo behind the content).', 'warn')
    return
  }
  let json: unknown
  try {
    json = JSON.parse(metaText.value)
  } catch (error) {
    say(metaResult, `Not JSON: ${(error as Error).message}`, 'error')
    return
  }
  const { text, tone } = describeMetaResult(await hook.showMeta(json as object))
  say(metaResult, text, tone)
}

async function api<T>(path: string, image: string): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ image }) })
  const body = (await response.json()) as { statusCode: number; result: T & { message?: string } }
  if (body.statusCode !== 0) throw new Error(body.result.message ?? `status ${body.statusCode}`)
  return body.result
}

async function checkImage(file: File): Promise<void> {
  URL.revokeObjectURL(thumb.src)
  thumb.src = URL.createObjectURL(file)
  thumb.hidden = false
  say(grade, 'Grading…', 'ok')
  similar.replaceChildren()
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  const image = btoa(binary)
  try {
    const [graded, found] = await Promise.all([
      api<GradeAnswer>('/__crs/preview/grade', image),
      api<{ results: SimilarAnswer[] }>('/__crs/preview/similar', image),
    ])
    const { text, tone } = describeGrade(graded)
    say(grade, text, tone)
    similar.replaceChildren(
      ...describeSimilar(found.results).map((line) => Object.assign(document.createElement('li'), { textContent: line })),
    )
  } catch (error) {
    say(grade, `The recognizer could not check it: ${(error as Error).message}`, 'error')
  }
}

function dropZone(zone: HTMLElement, input: HTMLInputElement, use: (file: File) => void): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault()
    zone.classList.add('over')
  })
  zone.addEventListener('dragleave', () => zone.classList.remove('over'))
  zone.addEventListener('drop', (e) => {
    e.preventDefault()
    zone.classList.remove('over')
    const file = e.dataTransfer?.files[0]
    if (file) use(file)
  })
  input.addEventListener('change', () => {
    const file = input.files?.[0]
    if (file) use(file)
  })
}

dropZone($('drop-meta'), $<HTMLInputElement>('meta-file'), (file) => {
  void file.text().then((text) => {
    metaText.value = text
    void show()
  })
})
dropZone($('drop-image'), $<HTMLInputElement>('image-file'), (file) => void checkImage(file))
$('show').addEventListener('click', () => void show())
