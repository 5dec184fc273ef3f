// The dev launcher's testable pieces (tools/dev/*.spec.ts). Only .spec files: the preset's pattern
// would also take test.ts, which is `npm test` itself.
module.exports = {
  displayName: 'tools-dev',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.spec.ts'],
};
