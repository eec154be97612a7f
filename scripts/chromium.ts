/**
 * Debian's chromium as the card renderer and the e2e tests launch it: one place for the binary
 * and the flags known to work on these machines (headless, no sandbox as root, no GPU, no
 * background networking: the machines have no display and no network beyond the registries).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `apt-get install -y chromium`; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
