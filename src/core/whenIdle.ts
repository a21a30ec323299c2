/** Runs `task` when the page is idle (within 2 s), or after 500 ms where requestIdleCallback is missing (Safari). */
export function whenIdle(win: Window, task: () => void): void {
  const idle = (win as Window & { requestIdleCallback?: (cb: () => void, o?: object) => number }).requestIdleCallback
  if (idle) idle.call(win, task, { timeout: 2000 })
  else setTimeout(task, 500)
}
