/**
 * Transparent video that works everywhere H.264 plays, iOS included (Safari has no alpha in
 * H.264 and no VP9 alpha): the video carries its own matte, and this small ShaderMaterial reads it.
 *
 * - `packed`: each frame holds the colour in one half and the alpha as grey in the other
 *   (side-by-side: colour left, alpha right; stacked: colour top, alpha bottom). White = opaque.
 * - `chroma`: a key colour (green screen) becomes transparent. The keyer works on chroma (CbCr)
 *   distance like OBS's: `similarity` is the distance keyed out fully, `smoothness` the soft edge
 *   above it, `spill` how far above it the key colour's cast is desaturated from the edges.
 *
 * three uploads video textures without sRGB decoding (WebGLTextures forces a linear transfer for
 * them; its own materials decode in the shader), so the samples here are sRGB-encoded values: the
 * keyer and the matte work on them as authored, and colours are decoded to linear before the
 * output conversion (`colorspace_fragment`).
 *
 * `opacity` is a real property (enter/leave animations tween it) backed by a uniform.
 */
import { DoubleSide, ShaderMaterial, Vector3, type Texture } from 'three'
import type { AlphaMode } from '../protocol/meta'

const VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
`

const FRAGMENT = /* glsl */ `
uniform sampler2D map;
uniform float opacity;
uniform int mode; // 0 packed, 1 chroma
uniform bool stacked;
uniform vec3 keyColor; // sRGB 0-1
uniform float similarity;
uniform float smoothness;
uniform float spill;
varying vec2 vUv;

// Chroma (Cb, Cr) of an sRGB colour (BT.709).
vec2 chromaOf(vec3 c) {
  float y = dot(c, vec3(0.2126, 0.7152, 0.0722));
  return vec2((c.b - y) * 0.5389, (c.r - y) * 0.6350);
}

void main() {
  vec3 color;
  float alpha;
  if (mode == 0) {
    vec2 colorUv = stacked ? vec2(vUv.x, 0.5 + vUv.y * 0.5) : vec2(vUv.x * 0.5, vUv.y);
    vec2 alphaUv = stacked ? vec2(vUv.x, vUv.y * 0.5) : vec2(0.5 + vUv.x * 0.5, vUv.y);
    color = sRGBTransferEOTF(texture2D(map, colorUv)).rgb;
    // The matte is read as authored (grey levels, not light): no transfer function.
    alpha = texture2D(map, alphaUv).g;
  } else {
    vec3 c = texture2D(map, vUv).rgb;
    float base = distance(chromaOf(c), chromaOf(keyColor)) - similarity;
    alpha = pow(clamp(base / max(smoothness, 1e-4), 0.0, 1.0), 1.5);
    float keep = pow(clamp(base / max(spill, 1e-4), 0.0, 1.0), 1.5);
    float luma = dot(c, vec3(0.2126, 0.7152, 0.0722));
    color = sRGBTransferEOTF(vec4(mix(vec3(luma), c, keep), 1.0)).rgb;
  }
  gl_FragColor = vec4(color, alpha * opacity);
  #include <colorspace_fragment>
}
`

/** The visible aspect (width / height) of a video frame once its matte half is taken away. */
export function visibleAspect(videoWidth: number, videoHeight: number, alpha: AlphaMode | undefined): number {
  if (videoWidth <= 0 || videoHeight <= 0) return 16 / 9
  const aspect = videoWidth / videoHeight
  if (alpha?.mode !== 'packed') return aspect
  return alpha.layout === 'stacked' ? aspect * 2 : aspect / 2
}

export function createAlphaVideoMaterial(map: Texture, alpha: AlphaMode): ShaderMaterial {
  const chroma = alpha.mode === 'chroma' ? alpha : null
  const material = new ShaderMaterial({
    name: `video-alpha-${alpha.mode}`,
    uniforms: {
      map: { value: map },
      opacity: { value: 1 },
      mode: { value: chroma ? 1 : 0 },
      stacked: { value: alpha.mode === 'packed' && alpha.layout === 'stacked' },
      keyColor: { value: new Vector3(...(chroma?.color ?? [0, 1, 0])) },
      similarity: { value: chroma?.similarity ?? 0 },
      smoothness: { value: chroma?.smoothness ?? 0 },
      spill: { value: chroma?.spill ?? 0 },
    },
    vertexShader: VERTEX,
    fragmentShader: FRAGMENT,
    side: DoubleSide,
    transparent: true,
    depthWrite: false,
    toneMapped: false,
  })
  const uniform = material.uniforms.opacity!
  Object.defineProperty(material, 'opacity', {
    get: () => uniform.value as number,
    set: (value: number) => {
      uniform.value = value
    },
  })
  return material
}
