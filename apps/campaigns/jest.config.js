module.exports = {
  displayName: 'campaigns',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
