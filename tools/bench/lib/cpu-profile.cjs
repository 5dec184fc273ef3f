// A preload for profiling a service under a benchmark's load (profile-gateway.ts uses it):
//   NODE_OPTIONS='--require <this file>' PROFILE_DIR=… PROFILE_NAME=…
// The first SIGURG starts V8's CPU profiler (200 µs sampling) and counts the process's socket
// writes; the next stops it and writes <PROFILE_DIR>/<PROFILE_NAME>-<pid>.cpuprofile (Chrome
// DevTools or speedscope open it) and <…>.writes.json. SIGURG because Nest's shutdown hooks take
// SIGUSR2 (and Node's inspector SIGUSR1); `--cpu-prof` is refused in NODE_OPTIONS and would
// profile the start too. PROFILE_CPU=false counts writes only (no profiler's own cost).
const inspector = require('node:inspector');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const dir = process.env.PROFILE_DIR || require('node:os').tmpdir();
const name = `${process.env.PROFILE_NAME || 'process'}-${process.pid}`;
const profileCpu = process.env.PROFILE_CPU !== 'false';
const session = new inspector.Session();
session.connect();
let on = false;
let writes = 0;
let writevs = 0;
const writeGeneric = net.Socket.prototype._writeGeneric;
net.Socket.prototype._writeGeneric = function (writev, ...rest) {
  if (on) {
    if (writev) writevs += 1;
    else writes += 1;
  }
  return writeGeneric.call(this, writev, ...rest);
};
process.on('SIGURG', () => {
  if (!on) {
    on = true;
    writes = 0;
    writevs = 0;
    if (profileCpu) session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')));
    return;
  }
  on = false;
  fs.writeFileSync(path.join(dir, `${name}.writes.json`), JSON.stringify({ writes, writevs }));
  if (profileCpu) {
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(result.profile));
    });
  }
});
