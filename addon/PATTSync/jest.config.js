module.exports = { displayName: 'addon-pattsync', preset: '../../jest.preset.js', rootDir: __dirname };
