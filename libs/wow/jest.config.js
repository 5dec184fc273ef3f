module.exports = {
  displayName: 'wow',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
