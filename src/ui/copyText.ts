/**
 * Copies text for the visitor ("copy link" on the in-app-browser and insecure-origin notices):
 * the Clipboard API first; the execCommand fallback covers in-app webviews without it.
 */
export async function copyText(text: string, nav: Navigator | undefined, doc: Document | undefined): Promise<boolean> {
  try {
    if (nav?.clipboard?.writeText) {
      await nav.clipboard.writeText(text)
      return true
    }
  } catch {
    // Permission refused or not focused: try the legacy path.
  }
  if (!doc?.body) return false
  const area = doc.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  doc.body.append(area)
  area.select()
  area.setSelectionRange(0, text.length)
  let ok = false
  try {
    ok = doc.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  return ok
}
