/**
 * glibc's malloc raises its mmap threshold each time a large block is freed, up to 32 MB, after
 * which multi-MB request bodies and decoded images come from the heap and their pages are kept:
 * measured over 14,500 hostile-input requests (npm run test:reliability), resident memory at rest
 * swung from −11 % to +25 % between identical runs at 380–490 MB, the main heap alone growing by
 * up to 60 MB. With a fixed threshold (MALLOC_MMAP_THRESHOLD_=131072) the same runs held 285–300 MB
 * and moved +3 to +5 %, at the same request rate. The variable must be set before the process
 * starts, so a long-running server can only be told about it.
 */
export const ALLOCATOR_ENV = 'MALLOC_MMAP_THRESHOLD_'
export const ALLOCATOR_VALUE = '131072'

/** The hint line for `crs serve`, or null where it does not apply (not glibc, or already set). */
export function allocatorHint(env: NodeJS.ProcessEnv, glibcVersion: string | null = runtimeGlibc()): string | null {
  if (!glibcVersion || env[ALLOCATOR_ENV] !== undefined) return null
  return `crs: for a server that runs for days, start it with ${ALLOCATOR_ENV}=${ALLOCATOR_VALUE} (glibc ${glibcVersion} otherwise keeps freed image buffers: ~100 MB more memory, creeping; server/README.md "Running for days")`
}

function runtimeGlibc(): string | null {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined
  return report?.header?.glibcVersionRuntime ?? null
}
