// The browser end-to-end suites: real Chromium against the real platform (every service as a
// process, the gateway serving the built web app, the Blizzard and Discord stand-ins).
module.exports = {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
