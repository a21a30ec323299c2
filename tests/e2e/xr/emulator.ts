/**
 * Test-only WebXR emulation (IWER + its Synthetic Environment Module), bundled into one script
 * by buildEmulator.ts and injected with `addInitScript`, so it runs before the app and the app
 * sees an AR-capable `navigator.xr`. Never imported by the app: the production build has no
 * emulator code (xrEmulator.spec.ts greps dist/ for it).
 */
import { SyntheticEnvironmentModule } from '@iwer/sem'
import officeSmall from '@iwer/sem/captures/office_small.json'
import { XRDevice, metaQuest3 } from 'iwer'

const device = new XRDevice(metaQuest3)
// Chromium has a native navigator.xr (without AR) on localhost; IWER would defer to it.
device.installRuntime({ forceInstall: true })
// Hit-test needs a room: SEM provides the synthetic office.
device.installSEM(SyntheticEnvironmentModule)
// Look 60° down: in office_small the viewer's hit ray then lands on the desk (y ≈ 0.76).
const half = (-60 * Math.PI) / 180 / 2
device.quaternion.set(Math.sin(half), 0, 0, Math.cos(half))

// The room is loaded synchronously from the bundled capture, so it is there before the app asks.
let environment = 'loaded'
try {
  ;(device.sem as unknown as SyntheticEnvironmentModule).loadEnvironment(officeSmall as never)
} catch (error) {
  environment = `failed: ${String(error)}`
}

Object.defineProperty(window, '__xrEmulator', { value: { device, environment }, configurable: true })
