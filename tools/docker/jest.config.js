// Checks docker-compose.yml and the apps' Dockerfiles against the apps themselves, and the
// documentation against the repository (docs.spec.ts).
module.exports = {
  displayName: 'docker',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
