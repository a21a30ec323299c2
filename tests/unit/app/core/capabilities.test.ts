import { describe, expect, it } from 'vitest'
import {
  assertCanUseCamera,
  chromeIntentUrl,
  detectInAppBrowser,
  httpsUrlHint,
  isAndroid,
  isInsecureOrigin,
  isIOS,
  safeHttpUrl,
} from '../../../../src/core/capabilities'

const UA = {
  instagram:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 326.0.3.30.91 (iPhone14,5; iOS 17_4; en_US; en; scale=3.00; 1170x2532; 579142187)',
  facebookIOS:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/443.0.0.32.118;FBBV/549130930;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
  facebookAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UD1A.230805.019; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/444.0.0.0.110;]',
  wechat:
    'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MMWEBID/8831 MicroMessenger/8.0.33.2320(0x2800213B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  line: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/13.15.0',
  tiktok:
    'Mozilla/5.0 (Linux; Android 12; SM-G991B Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/117.0.0.0 Mobile Safari/537.36 trill_320304 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/32.3.4 ByteLocale/en ByteFullLocale/en Region/US BytedanceWebview/d8a21c6',
  safari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  ipadOS: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
}

describe('detectInAppBrowser', () => {
  it.each([
    ['instagram', 'Instagram'],
    ['facebookIOS', 'Facebook'],
    ['facebookAndroid', 'Facebook'],
    ['wechat', 'WeChat'],
    ['line', 'LINE'],
    ['tiktok', 'TikTok'],
  ] as const)('recognizes %s', (key, name) => {
    expect(detectInAppBrowser(UA[key])).toBe(name)
  })

  it('does not flag regular browsers', () => {
    expect(detectInAppBrowser(UA.safari)).toBeNull()
    expect(detectInAppBrowser(UA.chromeAndroid)).toBeNull()
    expect(detectInAppBrowser('')).toBeNull()
  })

  it('does not mistake words like "online" or "Pipeline" for LINE', () => {
    expect(detectInAppBrowser(`${UA.chromeAndroid} Pipeline online`)).toBeNull()
  })
})

describe('isIOS', () => {
  it('knows iPhones, and iPads that claim to be Macs but have touch', () => {
    expect(isIOS(UA.safari)).toBe(true)
    expect(isIOS(UA.ipadOS, 5)).toBe(true)
    expect(isIOS(UA.ipadOS, 0)).toBe(false)
    expect(isIOS(UA.chromeAndroid)).toBe(false)
  })
})

const origin = (href: string) => new URL(href)

describe('isInsecureOrigin', () => {
  it('trusts isSecureContext when the browser has it', () => {
    expect(isInsecureOrigin(origin('http://192.168.1.20:5173/'), false)).toBe(true)
    expect(isInsecureOrigin(origin('http://192.168.1.20:5173/'), true)).toBe(false)
  })

  it('flags plain http on a LAN IP or hostname', () => {
    expect(isInsecureOrigin(origin('http://192.168.1.20:5173/'))).toBe(true)
    expect(isInsecureOrigin(origin('http://booth.local/'))).toBe(true)
  })

  it('accepts https and loopback http', () => {
    expect(isInsecureOrigin(origin('https://192.168.1.20:5173/'))).toBe(false)
    expect(isInsecureOrigin(origin('http://localhost:5173/'))).toBe(false)
    expect(isInsecureOrigin(origin('http://127.0.0.1:4173/'))).toBe(false)
    expect(isInsecureOrigin(origin('http://[::1]:4173/'))).toBe(false)
  })

  it('gives the https twin of the current URL as a hint', () => {
    expect(httpsUrlHint(origin('http://192.168.1.20:5173/ar/?debug#x'))).toBe('https://192.168.1.20:5173/ar/?debug#x')
  })
})

describe('safeHttpUrl', () => {
  it('keeps http(s) and refuses other schemes', () => {
    expect(safeHttpUrl('https://example.com/a')).toBe('https://example.com/a')
    expect(safeHttpUrl('http://example.com')).toBe('http://example.com/')
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull()
    expect(safeHttpUrl('data:text/html,hi')).toBeNull()
    expect(safeHttpUrl('')).toBeNull()
    expect(safeHttpUrl(42)).toBeNull()
    expect(safeHttpUrl('/x', 'https://a.example/')).toBe('https://a.example/x')
  })
})

describe('assertCanUseCamera', () => {
  const caps = { hasGetUserMedia: true, secure: true, inAppBrowser: null, ios: false, android: false, hasClipboard: true }
  it('names what is missing', () => {
    expect(() => assertCanUseCamera(caps)).not.toThrow()
    expect(() => assertCanUseCamera({ ...caps, secure: false, hasGetUserMedia: false })).toThrow(
      /secure context \(HTTPS\), navigator\.mediaDevices\.getUserMedia/,
    )
  })
})

describe('leaving an Android in-app browser', () => {
  it('knows Android (in-app web views included) from iOS', () => {
    expect(isAndroid(UA.facebookAndroid)).toBe(true)
    expect(isAndroid(UA.tiktok)).toBe(true)
    expect(isAndroid(UA.instagram)).toBe(false)
    expect(isAndroid(UA.safari)).toBe(false)
  })

  it('builds the intent link that opens this page in Chrome, scheme kept', () => {
    const origin = {
      protocol: 'https:',
      hostname: 'ar.example.com',
      host: 'ar.example.com',
      pathname: '/spring/',
      search: '?lang=ja',
      hash: '#x',
    }
    expect(chromeIntentUrl(origin)).toBe('intent://ar.example.com/spring/?lang=ja#Intent;scheme=https;package=com.android.chrome;end')
    expect(chromeIntentUrl({ ...origin, protocol: 'http:', host: '192.168.1.20:5173', search: '' })).toBe(
      'intent://192.168.1.20:5173/spring/#Intent;scheme=http;package=com.android.chrome;end',
    )
  })
})
