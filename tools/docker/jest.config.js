// Checks docker-compose.yml and the apps' Dockerfiles against the apps themselves.
module.exports = {
  displayName: 'docker',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
