module.exports = {
  displayName: 'discord-bot',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
