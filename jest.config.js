// Root jest config: every project that has a jest.config.js takes part in `npm test`.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = ['apps', 'libs', 'tools', 'addon']
  .filter((root) => existsSync(join(__dirname, root)))
  .flatMap((root) => readdirSync(join(__dirname, root)).map((name) => join(__dirname, root, name)))
  .filter((dir) => existsSync(join(dir, 'jest.config.js')));

module.exports = { projects };
