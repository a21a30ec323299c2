/**
 * @module
 * The `Host` allow-list, like Vite's `server.allowedHosts`: a page on another name (a DNS-rebinding
 * page, `Host: evil.example`) gets 403 with the envelope before anything else runs. Always allowed:
 * IP literals (a phone on the LAN opens the server by IP, and an IP cannot be rebound), `localhost`
 * and `*.localhost`, a request with no `Host` (HTTP/1.0; browsers always send one), this machine's
 * own host names when the server listens beyond loopback, and the configured names (`.example.com`
 * also allows its subdomains). `true` allows every host.
 */
import { isIP } from 'node:net'
import { hostname as osHostname } from 'node:os'
import type { MiddlewareHandler } from 'hono'
import { StatusCode } from '../../../src/protocol/statusCodes.ts'
import type { Clock } from '../core/Clock.ts'
import { sendError } from './envelope.ts'

export type AllowedHosts = true | readonly string[]

/** The host name of a `Host` header, lowercased, without port or trailing dot; '' when malformed. */
export function hostName(header: string): string {
  const host = header.trim().toLowerCase()
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end > 0 && isIP(host.slice(1, end)) === 6 ? host.slice(1, end) : ''
  }
  const colon = host.indexOf(':')
  return (colon === -1 ? host : host.slice(0, colon)).replace(/\.$/, '')
}

export function isHostAllowed(header: string | undefined, allowed: AllowedHosts): boolean {
  if (header === undefined || allowed === true) return true
  const name = hostName(header)
  if (name === '') return false
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true
  return allowed.some((entry) => entry === name || (entry.startsWith('.') && (name === entry.slice(1) || name.endsWith(entry))))
}

const LOOPBACK_BIND = /^(127\.|::1$|localhost$)/i

/**
 * The names allowed for a server bound to `bindHost`, beyond the configured ones: the bind name
 * itself when it is a name, and this machine's host name (plain and `.local`, as mDNS answers it)
 * when it listens beyond loopback.
 */
export function ownHostNames(bindHost: string, machine = osHostname()): string[] {
  const names: string[] = []
  if (isIP(bindHost) === 0 && bindHost !== '') names.push(bindHost.toLowerCase())
  if (!LOOPBACK_BIND.test(bindHost) && machine !== '') {
    const name = machine.toLowerCase()
    names.push(name, name.endsWith('.local') ? name : `${name}.local`)
  }
  return names
}

export function hostCheck(allowed: AllowedHosts, clock: Clock): MiddlewareHandler {
  return async function hostCheck(c, next) {
    const host = c.req.header('host')
    if (isHostAllowed(host, allowed)) return next()
    const message = `Forbidden: Host "${host}" is not allowed (crs serve --allowed-hosts ${hostName(host ?? '') || '<name>'}, env CRS_ALLOWED_HOSTS)`
    return sendError(c, clock, StatusCode.FORBIDDEN, message, 403)
  }
}
