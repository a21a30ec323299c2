/*
 * Test-only, never built: tests/webkit/serveApp.ts adds it to the served page before the app.
 * WebKitGTK's mock camera is a fixed test pattern that cannot be fed from a file, so to show
 * the app a print this replaces getUserMedia with `canvas.captureStream()` of a canvas that
 * draws the print on a grey table. Everything after getUserMedia is the app's own code in
 * WebKit: the <video>, the VideoTexture, frame capture, JPEG encoding, the search.
 *
 * The suite drives it with `window.__webkitCamera`:
 *   use('canvas' | 'device' | 'denied' | 'none')  what getUserMedia does next
 *                                                  (device = WebKit's own mock camera)
 *   show(url) → Promise                            draw that image, centred, 60 % of the height
 *   grey()                                         draw only the table
 */
;(() => {
  const WIDTH = 1280
  const HEIGHT = 720
  const FPS = 15
  const TABLE = '#808080'
  const canvas = document.createElement('canvas')
  canvas.width = WIDTH
  canvas.height = HEIGHT
  const ctx = canvas.getContext('2d')
  let print = null
  let mode = 'canvas'
  let frame = 0

  function draw() {
    frame++
    ctx.fillStyle = TABLE
    ctx.fillRect(0, 0, WIDTH, HEIGHT)
    if (!print) return
    const h = HEIGHT * 0.6
    const w = (h * print.naturalWidth) / print.naturalHeight
    // A pixel of hand shake, as a held phone has.
    const shake = frame % 2
    ctx.drawImage(print, (WIDTH - w) / 2 + shake, (HEIGHT - h) / 2, w, h)
  }
  draw()
  setInterval(draw, 1000 / FPS)

  const devices = navigator.mediaDevices
  const real = devices.getUserMedia.bind(devices)
  devices.getUserMedia = async (constraints) => {
    if (mode === 'device' || !constraints || !constraints.video) return real(constraints)
    if (mode === 'denied') throw new DOMException('The request is not allowed by the user agent', 'NotAllowedError')
    if (mode === 'none') throw new DOMException('Requested device not found', 'NotFoundError')
    draw()
    return canvas.captureStream(FPS)
  }

  Object.defineProperty(window, '__webkitCamera', {
    value: Object.freeze({
      use(next) {
        mode = next
      },
      show(url) {
        return new Promise((resolve, reject) => {
          const image = new Image()
          image.onload = () => {
            print = image
            draw()
            resolve({ width: image.naturalWidth, height: image.naturalHeight })
          }
          image.onerror = () => reject(new Error(`camera.js: could not load ${url}`))
          image.src = url
        })
      },
      grey() {
        print = null
        draw()
      },
    }),
  })
})()
