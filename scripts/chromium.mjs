// Debian's Chromium and the flags that give it WebGL2 through SwiftShader on a machine without a
// GPU (../shared notes): one definition for the browser tests, the e2e tests, the bench and the
// system-package check.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
