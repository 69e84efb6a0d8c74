// Preloaded into tools that phone home (the security scanner fetches translations and Electron's
// release list): any connection beyond this machine fails at once, so CI stays on loopback.
const dns = require('node:dns');
const net = require('node:net');

const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;
const refuse = (host) => Object.assign(new Error(`network disabled for this tool: ${host}`), { code: 'ENOTFOUND' });

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  const cb = rest[rest.length - 1];
  if (!LOCAL.test(String(host))) return process.nextTick(() => cb(refuse(host)));
  return lookup.call(this, host, ...rest);
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = async (host, ...rest) => {
  if (!LOCAL.test(String(host))) throw refuse(host);
  return lookupPromise(host, ...rest);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const opts = typeof args[0] === 'object' && args[0] !== null ? args[0] : { host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  const host = opts.host ?? 'localhost';
  if (!opts.path && net.isIP(host) && !LOCAL.test(host)) {
    process.nextTick(() => this.destroy(refuse(host)));
    return this;
  }
  return connect.apply(this, args);
};
