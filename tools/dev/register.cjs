// Lets `node` run the TypeScript tools directly: SWC compiles them on load, with decorator
// metadata and the workspace's @patt/* path aliases.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '../../tsconfig.base.json');
require('reflect-metadata');
require('@swc-node/register');
