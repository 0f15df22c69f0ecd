// The generators' common ending: write the generated file, or with `--check`
// compare it to the committed one and exit 1, naming the command to run,
// when they differ.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

export function writeOrCheck(file: string, generated: string, regenerate: string, argv: string[] = process.argv): void {
  const name = relative(process.cwd(), file);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {}
    if (current !== generated) {
      console.error(`${name} is out of date: run \`${regenerate}\``);
      process.exit(1);
    }
    console.log(`${name} is current`);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, generated);
    console.log(`wrote ${name}`);
  }
}
