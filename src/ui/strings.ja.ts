/**
 * Japanese (日本語). Every key of the English table (src/ui/strings.ts), typed `Strings`: a
 * missing or extra key fails the build. Button names quoted in sentences (「もう一度試す」)
 * match the buttons' own labels below; iPhone menu names are the ones Japanese iOS shows
 * (「ぁあ」, 設定 › Safari › カメラ).
 */
// Types only: a value import would pull the English table out of the entry chunk into a shared one.
import type { Strings } from './strings'

const PRODUCT_NAME = 'PrintAR'

export const ja: Strings = {
  productName: PRODUCT_NAME,
  documentTitle: `${PRODUCT_NAME} — カメラを印刷物に向けてください`,
  noscript: `${PRODUCT_NAME} でカメラを使うには JavaScript が必要です。`,

  start: {
    tagline: '印刷された絵が、動き出す。',
    explain: 'PrintAR マークのあるポスター、チラシ、誌面にスマートフォンを向けてください。ブラウザからカメラの使用許可を求められます。',
    privacyLocal: 'プライバシー：カメラの映像は、このサイトのサーバーで印刷物ライブラリと照合されるだけで、保存されません。',
    privacyCloud: 'プライバシー：カメラの映像は、印刷物を見つける画像認識サービス EasyAR に送信されます。',
    button: 'タップして開始',
    inApp: (app) =>
      `${app} の内蔵ブラウザでは、カメラが使えないことがよくあります。その場合は、印刷物の写真を選ぶか、このページをブラウザで開いてください。`,
  },

  tracking: {
    lost: 'もう一度印刷物に向けると、印刷物の上に戻ります',
  },
  status: {
    starting: 'カメラを起動しています…',
    fallback: 'よりシンプルなカメラ設定で試しています…',
    paused: 'カメラは一時停止中です',
    scanning: 'カメラを印刷された画像に向けてください',
    searching: '探しています…',
    recognized: (name) => `「${name}」が見つかりました`,
    backoff: '認識サービスに接続できません。再試行しています…',
    throttled: 'サービスが混み合っています。少しゆっくりスキャンしています…',
    quotaExhausted: 'このキャンペーンは本日のスキャン上限に達しました。明日もう一度お試しください。',
    recognitionPaused: 'スキャンを一時停止しました',
    configError: (detail) => `認識の設定ができていません：${detail}`,
    loading: (name) => `「${name}」を読み込んでいます…`,
    shown: (name) => `「${name}」`,
    contentError: (name) => `「${name}」のコンテンツを読み込めませんでした。もう一度スキャンしてください。`,
    badMeta: (name, reason) => `「${name}」のコンテンツを読み取れません：${reason}`,
    contextLost: 'グラフィックを再起動しています…',
    webglMissing: 'このブラウザでは 3D グラフィックを表示できません（WebGL がオフになっているか、対応していません）。',
    tapToPlay: '「再生」をタップすると動画が始まります',
    copied: 'リンクをコピーしました。Safari または Chrome に貼り付けてください。',
    copyFailed: 'コピーできませんでした。アドレスを長押ししてコピーしてください。',
    unnamedTarget: 'この画像',
  },

  camera: {
    denied: {
      title: 'カメラへのアクセスがブロックされています',
      body:
        'このサイトにカメラの使用を許可してください。アドレスの横の鍵アイコンまたは「ぁあ」をタップし、' +
        'カメラ →「許可」を選んでから（iPhone の場合：設定 › Safari › カメラ）、「もう一度試す」をタップしてください。',
    },
    'no-camera': {
      title: 'カメラが見つかりません',
      body: 'この端末にカメラが見つかりませんでした。カメラ付きのスマートフォンかパソコンでこのページを開いてください。',
    },
    busy: {
      title: 'カメラは使用中です',
      body: '別のアプリまたはタブがカメラを使っています。ビデオ通話やカメラアプリを閉じてから、「もう一度試す」をタップしてください。',
    },
    insecure: {
      title: '安全な（https の）リンクが必要です',
      body: 'ブラウザは安全なページにしかカメラを使わせません。代わりに次の https アドレスを開いてください：',
    },
    'in-app-browser': {
      title: 'このページをブラウザで開いてください',
      unknownApp: 'このアプリ',
      body: (app) =>
        `${app} の内蔵ブラウザではカメラを使えません。リンクをコピーして Safari または Chrome で開くか` +
        '（••• メニュー →「ブラウザで開く」でも開けます）、印刷物の写真を選んでください。',
      bodyAndroid: (app) => `${app} の内蔵ブラウザではカメラを使えません。「Chrome で開く」をタップするか、印刷物の写真を選んでください。`,
      bodyIos: (app) =>
        `${app} の内蔵ブラウザではカメラを使えません。••• メニューから「Safari で開く」` +
        '（アプリによっては「外部ブラウザで開く」）を選ぶか、印刷物の写真を選んでください。',
    },
    unsupported: {
      title: 'このブラウザではカメラを使えません',
      body: '最新の Safari、Chrome、Firefox、Edge のいずれかでこのページを開いてください。',
    },
    error: {
      title: 'カメラを起動できませんでした',
      body: 'カメラの起動中に問題が起きました。「もう一度試す」をタップしてください。',
    },
  },

  buttons: {
    switch: 'カメラを切り替え',
    picker: 'カメラ',
    rescan: 'もう一度スキャン',
    sound: { on: 'ミュート', off: '音を出す', blocked: 'タップして音を出す' },
    play: '再生',
    close: '閉じる',
    retry: 'もう一度試す',
    copyLink: 'リンクをコピー',
    openInBrowser: 'Chrome で開く',
    ar: 'AR：部屋に置く',
    xrExit: 'AR を終了',
    quickLook: '実際の空間で見る',
    photo: '写真',
    record: '録画',
    stopRecording: (seconds) => `停止 · ${seconds} 秒`,
  },

  photo: {
    choose: '写真を選ぶ',
    searching: '写真の中から印刷物を探しています…',
    'no-match': 'この写真には印刷物が見つかりませんでした。正面から明るい場所で撮った別の写真をお試しください。',
    error: '写真を確認できませんでした。もう一度お試しください。',
    again: '印刷物の別の写真を選ぶ',
    unreadable: 'このファイルは写真として開けません。',
  },

  capture: {
    recording: (seconds) => `● 録画中 ${seconds} 秒`,
    photoSaved: '写真をダウンロードに保存しました',
    clipSaved: '動画をダウンロードに保存しました',
    failed: '保存できませんでした。もう一度お試しください。',
    clipUnsupported: 'このブラウザでは動画を録画できません。代わりに写真を撮ってください。',
  },

  xr: {
    starting: 'AR を起動しています…',
    seeking: 'テーブルや床が見つかるまで、スマートフォンをゆっくり動かしてください',
    aiming: (name) => `タップして「${name}」を置きます`,
    placed: '別の場所をタップで移動 · ピンチで拡大縮小 · ひねって回転',
    failed: (reason) => `AR を開始できませんでした（${reason}）。カメラの表示に戻りました。`,
  },

  content: {
    openLink: (host) => `${host} を開く ↗`,
  },
}
