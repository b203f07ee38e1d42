// CommonJS users get the same API as ESM users: each package's require() exports against its import() exports.
// Prints one JSON line: { [package]: { cjs: names, esm: names } }.
const packages = process.argv.slice(2);
(async () => {
  const out = {};
  for (const name of packages) {
    const cjs = Object.keys(require(name)).sort();
    const esm = Object.keys(await import(name))
      .filter((k) => k !== 'default' && k !== 'module.exports')
      .sort();
    out[name] = { cjs, esm };
  }
  console.log(JSON.stringify(out));
})();
