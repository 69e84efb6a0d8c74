// Preloaded into the scanner: it writes its CSV report as two async writes at once, the header
// (truncating) and the records (appending), and under load the header can land last, over the
// start of the records or in place of them. Done one after the other, in order, the report is whole.
const fs = require('node:fs');

const report = process.env.SCAN_REPORT;
const writeFile = fs.writeFile;
fs.writeFile = function (file, data, ...rest) {
  if (!report || file !== report) return writeFile.call(this, file, data, ...rest);
  const callback = typeof rest[rest.length - 1] === 'function' ? rest.pop() : () => {};
  try {
    fs.writeFileSync(file, data, ...rest);
    process.nextTick(callback, null);
  } catch (err) {
    process.nextTick(callback, err);
  }
};
