module.exports = {
  displayName: 'companion',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
