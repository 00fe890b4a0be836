/** CLI of the manifest checker: `npm run validate [PATH...]` (see scripts/validate/run.ts). */
import { runValidate } from './validate/run';

const { lines, exitCode } = runValidate(process.argv.slice(2));
const out = exitCode === 2 ? process.stderr : process.stdout;
out.write(lines.join('\n') + '\n');
process.exitCode = exitCode;
