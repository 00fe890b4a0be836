/**
 * The options npm kept for itself. `npm run routes --json` (without `--`) does not pass `--json` to
 * the script: npm reads it as its own config and exports `npm_config_json=true`; a value that
 * followed an option (`--sizes 100`) is passed on as a plain argument, and `--no-x` becomes
 * `npm_config_x=""`. The scripts read those variables back, so that options work with or without
 * `--`, and refuse a value option whose value npm separated from it.
 */

/** Where the user was when npm ran the script (npm runs scripts in the package root). */
export function invocationDir(env: NodeJS.ProcessEnv, script: string): string {
  return env.npm_lifecycle_event === script && env.INIT_CWD ? env.INIT_CWD : process.cwd();
}

/**
 * `options` (long names, e.g. `json`, `no-gnu-time`, `sizes`) that npm took from the command line
 * of `npm run <script>`, as arguments for the script's own parser: `--json`, `--no-gnu-time`,
 * `--sizes=100` (given as `--sizes=100`), or `--sizes` alone when npm separated the value from it
 * (the parser then reports the missing value). Empty unless npm is running `script`.
 */
export function optionsTakenByNpm(env: NodeJS.ProcessEnv, script: string, options: readonly string[]): string[] {
  if (env.npm_lifecycle_event !== script) return [];
  return options.flatMap((option) => {
    const negated = option.startsWith('no-');
    const value = env[`npm_config_${(negated ? option.slice(3) : option).replace(/-/g, '_')}`];
    if (value === undefined) return [];
    if (negated) return value === '' || value === 'false' ? [`--${option}`] : [];
    if (value === 'true') return [`--${option}`];
    return value.split('\n\n').map((v) => `--${option}=${v}`); // npm joins repeated options with a blank line
  });
}

/** The hint added to a usage error when npm took some of the options. */
export function npmHint(script: string, taken: readonly string[]): string {
  if (taken.length === 0) return '';
  return `(npm read ${taken.map((o) => o.split('=')[0]).join(', ')} as its own option${taken.length > 1 ? 's' : ''}; ` +
    `put \`--\` before the script's options: npm run ${script} -- ..., or write --option=value)\n`;
}
