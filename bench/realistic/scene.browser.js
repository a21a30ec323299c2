// Runs inside headless Chromium (bench/realistic/renderViews.ts): the print drawn with the
// project's own three.js as a textured plane, or as a label around a can, over a real photograph,
// lit by an ambient and a directional light and, for glare, a lamp near the camera. Plain
// JavaScript because it is served to the page as is; the spec's fields are documented in
// viewSpecs.ts (ViewSpec).
import * as THREE from '/three/three.module.js'

const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true })
renderer.setPixelRatio(1)
renderer.toneMapping = THREE.NoToneMapping
document.body.appendChild(renderer.domElement)
const loader = new THREE.TextureLoader()
const textures = new Map()

/** Textures of recent prints and every backdrop (views come grouped by print, backdrops at random); older ones are freed. */
const KEPT_TEXTURES = 64

function texture(url) {
  if (!textures.has(url)) {
    if (textures.size >= KEPT_TEXTURES) {
      const [oldest, promise] = textures.entries().next().value
      textures.delete(oldest)
      promise.then((t) => t.dispose())
    }
    textures.set(
      url,
      loader.loadAsync(url).then((t) => {
        t.colorSpace = THREE.SRGBColorSpace
        t.anisotropy = renderer.capabilities.getMaxAnisotropy()
        return t
      }),
    )
  }
  return textures.get(url)
}

const deg = (d) => (d * Math.PI) / 180

/** Points on the visible print's outline, in the object's local coordinates. */
function outline(spec, aspect, radius) {
  if (spec.pose.kind === 'flat') {
    return [
      [-aspect / 2, 0.5, 0],
      [aspect / 2, 0.5, 0],
      [aspect / 2, -0.5, 0],
      [-aspect / 2, -0.5, 0],
    ].map((p) => new THREE.Vector3(...p))
  }
  const wrap = deg(spec.pose.wrapDeg)
  const top = []
  const bottom = []
  for (let i = 0; i <= 32; i++) {
    const theta = -wrap / 2 + (wrap * i) / 32
    top.push(new THREE.Vector3(radius * Math.sin(theta), 0.5, radius * Math.cos(theta)))
    bottom.unshift(new THREE.Vector3(radius * Math.sin(theta), -0.5, radius * Math.cos(theta)))
  }
  return [...top, ...bottom]
}

/** Projected outline in pixels, keeping only points facing the camera for a can. */
function projected(points, object, camera, spec) {
  object.updateWorldMatrix(true, true)
  const out = []
  for (const p of points) {
    const world = p.clone().applyMatrix4(object.matrixWorld)
    if (spec.pose.kind === 'curved') {
      // Skip the label's back: its normal (radial, in local x/z) points away from the camera.
      const normal = new THREE.Vector3(p.x, 0, p.z).normalize().transformDirection(object.matrixWorld)
      if (normal.dot(world.clone().negate()) <= 0) continue
    }
    const ndc = world.project(camera)
    out.push([((ndc.x + 1) / 2) * spec.width, ((1 - ndc.y) / 2) * spec.height])
  }
  return out
}

function hullArea(points) {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
  const half = (list) => {
    const h = []
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop()
      h.push(p)
    }
    h.pop()
    return h
  }
  const hull = [...half(pts), ...half([...pts].reverse())]
  let area = 0
  for (let i = 0; i < hull.length; i++) {
    const [ax, ay] = hull[i]
    const [bx, by] = hull[(i + 1) % hull.length]
    area += ax * by - bx * ay
  }
  return Math.abs(area) / 2
}

window.renderView = async (spec, printUrl, backdropUrl) => {
  const { width: W, height: H } = spec
  renderer.setSize(W, H, false)
  const [map, backdropMap] = await Promise.all([texture(printUrl), texture(backdropUrl)])
  const aspect = map.image.width / map.image.height
  const scene = new THREE.Scene()
  scene.background = new THREE.Color(0x404040)
  // The long side spans fovLongDeg; three's fov is vertical.
  const focal = Math.max(W, H) / 2 / Math.tan(deg(spec.fovLongDeg) / 2)
  const camera = new THREE.PerspectiveCamera((2 * Math.atan(H / 2 / focal) * 180) / Math.PI, W / H, 0.01, 200)

  const holder = new THREE.Group()
  const object = new THREE.Group()
  holder.add(object)
  scene.add(holder)
  const material = new THREE.MeshStandardMaterial({
    map,
    roughness: spec.light.glare > 0 ? 0.35 - 0.2 * spec.light.glare : 0.9,
    metalness: 0,
    side: THREE.FrontSide,
  })
  let radius = 0
  if (spec.pose.kind === 'flat') {
    object.add(new THREE.Mesh(new THREE.PlaneGeometry(aspect, 1), material))
    // Tilt about an in-plane axis at tiltDirDeg, then roll about the view axis.
    const axis = new THREE.Vector3(Math.cos(deg(spec.pose.tiltDirDeg)), Math.sin(deg(spec.pose.tiltDirDeg)), 0)
    object.quaternion.setFromAxisAngle(axis, deg(spec.pose.tiltDeg))
  } else {
    const wrap = deg(spec.pose.wrapDeg)
    radius = aspect / wrap
    object.add(new THREE.Mesh(new THREE.CylinderGeometry(radius, radius, 1, 128, 1, true, -wrap / 2, wrap), material))
    const tin = new THREE.MeshStandardMaterial({ color: 0xb8bcc2, metalness: 0.8, roughness: 0.35 })
    object.add(new THREE.Mesh(new THREE.CylinderGeometry(radius, radius, 1, 64, 1, true, wrap / 2, 2 * Math.PI - wrap), tin))
    const lid = new THREE.Mesh(new THREE.CircleGeometry(radius, 64), tin)
    lid.rotation.x = -Math.PI / 2
    lid.position.y = 0.5
    object.add(lid)
    // Seen from above: the can's top tips toward the camera; turned about its own axis.
    object.rotation.set(deg(spec.pose.elevationDeg), deg(spec.pose.turnDeg), 0, 'XYZ')
  }
  holder.rotation.z = deg(spec.rollDeg)

  // Distance for the wanted coverage (area scales with 1/d²), then an offset within the room left.
  const points = outline(spec, aspect, radius)
  let distance = 3
  // coverage 0: a frame of the backdrop alone (a negative), framed as if a print were there.
  if (!(spec.coverage > 0)) for (const child of object.children) child.visible = false
  for (let i = 0; i < 4 && spec.coverage > 0; i++) {
    holder.position.set(0, 0, -distance)
    const area = hullArea(projected(points, object, camera, spec))
    distance *= Math.sqrt(area / (spec.coverage * W * H))
  }
  holder.position.set(0, 0, -distance)
  const box = projected(points, object, camera, spec)
  const minX = Math.min(...box.map((p) => p[0]))
  const maxX = Math.max(...box.map((p) => p[0]))
  const minY = Math.min(...box.map((p) => p[1]))
  const maxY = Math.max(...box.map((p) => p[1]))
  // Room to move in px (negative when the print is larger than the frame: then centred).
  const shiftX = maxX - minX < W ? -minX + spec.offsetX * (W - (maxX - minX)) : W / 2 - (minX + maxX) / 2
  const shiftY = maxY - minY < H ? -minY + spec.offsetY * (H - (maxY - minY)) : H / 2 - (minY + maxY) / 2
  holder.position.x += (shiftX * distance) / focal
  holder.position.y -= (shiftY * distance) / focal

  // The backdrop: the wall or table the print lies on, or a scene well behind it.
  const backdrop = new THREE.Mesh(
    new THREE.PlaneGeometry(1, 1),
    new THREE.MeshStandardMaterial({ map: backdropMap, roughness: 1, metalness: 0 }),
  )
  const bAspect = backdropMap.image.width / backdropMap.image.height
  if (spec.backdropMode === 'wall' && spec.pose.kind === 'flat') {
    const size = Math.max(12, distance * 12)
    backdrop.scale.set(size * bAspect, size, 1)
    backdrop.position.set(0, 0, -0.004)
    object.add(backdrop)
  } else {
    const far = distance * 3 + 2
    const span = (2 * far * Math.max(W, H)) / focal
    backdrop.scale.set(Math.max(span, span * bAspect), Math.max(span, span / bAspect), 1)
    backdrop.position.set(0, 0, -far)
    scene.add(backdrop)
  }

  // Light: ambient + one directional from the side; warm or cool.
  const e = spec.light.exposure
  const tint = new THREE.Color().setRGB(1 + 0.12 * -spec.light.warmth, 1, 1 + 0.12 * spec.light.warmth)
  scene.add(new THREE.AmbientLight(tint, e * (1 - spec.light.directional) * Math.PI))
  const sun = new THREE.DirectionalLight(tint, e * spec.light.directional * Math.PI * 1.6)
  sun.position.set(Math.cos(spec.seed) * 3, 2 + Math.sin(spec.seed), 2)
  scene.add(sun)
  if (spec.light.glare > 0) {
    // A lamp near the camera, so its reflection lands on the print (a glossy print's glare).
    const lamp = new THREE.PointLight(0xffffff, spec.light.glare * 12 * distance * distance, 0, 2)
    lamp.position.set(box.length ? ((minX + maxX) / 2 - W / 2) * (distance / focal) * 0.5 : 0, distance * 0.3, 0)
    scene.add(lamp)
  }
  renderer.render(scene, camera)
  material.dispose()
  return renderer.domElement.toDataURL('image/png')
}
window.sceneReady = true
