export * from './statusCodes'
export type * from './types'
