module.exports = {
  displayName: 'guild-sync',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
