/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_CRS_CLIENT_URL?: string
  readonly VITE_CRS_APP_ID?: string
  readonly VITE_CRS_TOKEN?: string
  readonly VITE_CRS_TOKEN_URL?: string
}
