// Root jest config: every project that has a jest.config.js takes part in `npm test`.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = ['apps', 'libs', 'tools', 'addon']
  .filter((root) => existsSync(join(__dirname, root)))
  .flatMap((root) => readdirSync(join(__dirname, root)).map((name) => join(__dirname, root, name)))
  .filter((dir) => existsSync(join(dir, 'jest.config.js')));

module.exports = {
  projects,
  // Jest's 5 s is for a quiet machine. CI's two cores run two workers beside the services that
  // end-to-end suites start, and a unit test that does real I/O (an HTTP stand-in, retries with
  // their backoff) can take longer there without anything being wrong. Speed is measured by the
  // benchmarks; this only bounds a test that hangs. Suites that wait on processes set their own.
  // (A global option: jest reads it here, not from the projects' preset.)
  testTimeout: 30_000,
};
