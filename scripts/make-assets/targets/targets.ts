/**
 * Every sample target: its picture, its size, and its meta (what it triggers).
 */
import { boothWallSvg } from './boothWall.ts'
import { campaignPosterSvg } from './campaignPoster.ts'
import { cityPostcardSvg } from './cityPostcard.ts'
import { neonConcertSvg } from './neonConcert.ts'
import { teaBoxSvg } from './teaBox.ts'

export interface Meta {
  type?: 'model' | 'video'
  url?: string
  videoUrl?: string
  scale?: number
  position?: [number, number, number]
  rotation?: [number, number, number]
  animation?: string
  loop?: boolean
  autoplay?: boolean
  muted?: boolean
  title?: string
  link?: string
  caption?: string
  audio?: string
  items?: Record<string, unknown>[]
  alpha?:
    | { mode: 'packed'; layout: 'side-by-side' | 'stacked' }
    | { mode: 'chroma'; color: string; similarity: number; smoothness: number; spill: number }
  actions?: ({ label: string; url: string } | { label: string; action: 'replay' })[]
}

export interface Target {
  name: string
  width: number
  height: number
  title: string
  description: string
  svg: () => string
  meta: Meta
}

export const TARGETS: Target[] = [
  {
    name: 'neon-concert',
    width: 600,
    height: 800,
    title: 'Neon Nights Live',
    description: 'Synthwave concert poster (portrait): striped sunset, laser beams, perspective grid, line-up.',
    svg: neonConcertSvg,
    meta: {
      type: 'model',
      url: 'content/robot.glb',
      scale: 0.6,
      position: [0, 0, 0],
      rotation: [0, 0, 0],
      animation: 'Dance',
      loop: true,
      title: 'Volt the Neon Robot',
      link: 'https://neonnights.example/tickets',
    },
  },
  {
    name: 'tea-box',
    width: 800,
    height: 600,
    title: 'Mori Tea Sencha',
    description: 'Green-tea packaging label (landscape): gold-on-green brand band, landscape emblem, barcode.',
    svg: teaBoxSvg,
    meta: {
      type: 'model',
      url: 'content/tea-can.glb',
      scale: 0.5,
      position: [0, 0, 0],
      rotation: [0, 0, 0],
      animation: 'Spin',
      loop: true,
      title: 'Mori Sencha Tea Can',
      link: 'https://mori-tea.example/sencha',
    },
  },
  {
    name: 'booth-wall',
    width: 600,
    height: 800,
    title: 'Forge Expo Booth 42',
    description: 'Trade-show booth banner (portrait): low-poly background, hexagon logo, icon row, booth panel.',
    svg: boothWallSvg,
    meta: {
      type: 'video',
      url: 'content/forge-promo.mp4',
      loop: true,
      autoplay: true,
      muted: true,
      title: 'Forge Expo 2025 Teaser',
      link: 'https://forge-expo.example',
    },
  },
  {
    name: 'city-postcard',
    width: 800,
    height: 600,
    title: 'Greetings from Harbor City',
    description: 'Retro postcard (landscape): sunset skyline with lit windows, lighthouse, sailboats, stamp.',
    svg: cityPostcardSvg,
    // The EasyAR Cloud Recognition sample meta shape, accepted as-is by the app.
    meta: { videoUrl: 'content/harbor-dusk.mp4' },
  },
  {
    name: 'sticker-sheet',
    width: 600,
    height: 800,
    title: 'Sunny Sticker Sheet',
    description:
      'Sticker sheet (portrait): diagonal candy bands and rings, headline band, star badge, emblem. Transparent video, packed alpha.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x5e1c4e,
        width: 600,
        height: 800,
        sky: ['#ffe8f0', '#7c3aed'],
        tiles: ['#f72585', '#b5179e', '#7209b7', '#4cc9f0', '#fee440', '#00bbf9'],
        ink: '#240046',
        accent: '#fee440',
        headline: 'PEEL & STICK',
        kicker: 'SUMMER SERIES · No. 3',
        lines: ['12 STICKERS', 'POINT YOUR PHONE'],
        family: 'DejaVu Serif',
        style: 'bands',
      }),
    meta: {
      type: 'video',
      url: 'content/sticker-packed.mp4',
      alpha: { mode: 'packed', layout: 'side-by-side' },
      loop: true,
      title: 'Sunny the sticker',
      caption: 'A transparent video: the camera shows around it.',
    },
  },
  {
    name: 'weather-card',
    width: 800,
    height: 600,
    title: 'Weather Card',
    description:
      'Weather promo card (landscape): overlapping sky-blue bubbles, headline band, badge, emblem. Transparent video, chroma key.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x3ea7e2,
        width: 800,
        height: 600,
        sky: ['#caf0f8', '#023e8a'],
        tiles: ['#0077b6', '#00b4d8', '#90e0ef', '#ffb703', '#fb8500', '#e63946'],
        ink: '#03045e',
        accent: '#ffb703',
        headline: 'SUNNY SPELLS',
        kicker: 'YOUR WEEKEND FORECAST',
        lines: ['SAT 24° · SUN 26°', 'SCAN ME'],
        family: 'DejaVu Serif',
        style: 'bubbles',
      }),
    meta: {
      type: 'video',
      url: 'content/weather-chroma.mp4',
      alpha: { mode: 'chroma', color: '#00ff00', similarity: 0.4, smoothness: 0.08, spill: 0.1 },
      loop: true,
      title: 'Sunny spells ahead',
    },
  },
  {
    name: 'robot-radio',
    width: 600,
    height: 800,
    title: 'Robot Radio Flyer',
    description: 'Radio show flyer (portrait): warm sunburst with dots, headline band, star badge, emblem. A model with its own sound.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x2ad10b,
        width: 600,
        height: 800,
        sky: ['#fff3b0', '#335c67'],
        tiles: ['#e09f3e', '#9e2a2b', '#540b0e', '#fff3b0', '#335c67', '#f4a259'],
        ink: '#1b1b1e',
        accent: '#e09f3e',
        headline: 'VOLT ON AIR',
        kicker: 'LIVE EVERY FRIDAY',
        lines: ['98.1 FM', 'TURN IT UP'],
        family: 'DejaVu Serif',
        style: 'rays',
      }),
    meta: {
      type: 'model',
      url: 'content/robot.glb',
      scale: 0.6,
      animation: 'Dance',
      loop: true,
      audio: 'content/robot-theme.mp3',
      title: 'Robot Radio',
      caption: 'Volt dances to his theme tune. Tap “Sound on” if you hear nothing.',
    },
  },
  {
    name: 'open-day',
    width: 800,
    height: 600,
    title: 'Campus Open Day',
    description:
      'Open-day invitation (landscape): cool sunburst with dots, headline band, badge, emblem. Several pieces: a model, a text card and a transparent video.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x0be7da,
        width: 800,
        height: 600,
        sky: ['#e0fbfc', '#3d5a80'],
        tiles: ['#3d5a80', '#98c1d9', '#e0fbfc', '#ee6c4d', '#293241', '#f4d35e'],
        ink: '#293241',
        accent: '#f4d35e',
        headline: 'CAMPUS OPEN DAY',
        kicker: 'LABS · TALKS · TOURS',
        lines: ['SATURDAY 10–16', 'ALL WELCOME'],
        family: 'DejaVu Serif',
        style: 'rays',
      }),
    meta: {
      title: 'Campus Open Day',
      items: [
        { type: 'model', url: 'content/robot.glb', animation: 'Wave', position: [-0.12, -0.05, 0], scale: 0.7 },
        { type: 'text', text: 'Welcome! Labs open 10:00–16:00', position: [0, 0.22, 0], delay: 0.4 },
        {
          type: 'video',
          url: 'content/sticker-packed.mp4',
          alpha: { mode: 'packed', layout: 'side-by-side' },
          position: [0.14, -0.05, 0],
          scale: 0.5,
          delay: 0.8,
        },
      ],
      actions: [{ label: 'See the programme', url: 'https://campus.example/open-day' }],
    },
  },
  {
    name: 'ticket-stub',
    width: 800,
    height: 600,
    title: 'Robot Rally Ticket',
    description: 'Event ticket (landscape): teal-and-coral mosaic, headline band, star badge, code block. Shows calls to action.',
    svg: () =>
      campaignPosterSvg({
        seed: 0x71c4e7,
        width: 800,
        height: 600,
        sky: ['#0f5c63', '#fbd38d'],
        tiles: ['#118ab2', '#06d6a0', '#ef476f', '#ffd166', '#073b4c', '#f78c6b'],
        ink: '#14213d',
        accent: '#ffd166',
        headline: 'ROBOT RALLY',
        kicker: 'ADMIT ONE · SAT 21 JUNE',
        lines: ['GATE C · SEAT 7', 'DOORS 18:30'],
        family: 'DejaVu Serif',
      }),
    meta: {
      type: 'model',
      url: 'content/robot.glb',
      scale: 0.6,
      animation: 'Wave',
      title: 'Robot Rally',
      caption: 'Volt says hi! Doors open 18:30, Gate C.',
      actions: [
        { label: 'Get tickets', url: 'https://robot-rally.example/tickets' },
        { label: 'Wave again', action: 'replay' },
      ],
    },
  },
]
