module.exports = {
  displayName: 'savedvariables',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
