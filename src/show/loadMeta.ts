/**
 * The meta decoder, loaded on demand: it grows with every authoring feature and the first page
 * load does not need it (it is fetched while the visitor aims, with the content chunk).
 */
export type MetaDecoder = Pick<typeof import('../protocol/meta'), 'decodeMeta' | 'encodeMeta'>

let metaModule: Promise<MetaDecoder> | null = null

export function loadMeta(): Promise<MetaDecoder> {
  const loading = (metaModule ??= import('../protocol/meta'))
  // A failed chunk load (offline) must not poison later attempts.
  loading.catch(() => {
    if (metaModule === loading) metaModule = null
  })
  return loading
}
