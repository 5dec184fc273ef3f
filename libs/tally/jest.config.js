module.exports = {
  displayName: 'tally',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
