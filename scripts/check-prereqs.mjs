#!/usr/bin/env node
/**
 * Checks, in seconds, that this machine has what the suite calls (scripts/system-packages.txt):
 * each Debian package at the expected version, its commands on PATH, its collections. Prints
 * one line per problem and how to fix it, and exits 1; prints nothing and exits 0 when all is there.
 * Usage: node scripts/check-prereqs.mjs [test|demo]
 */
import { checkPrerequisites, MANIFEST } from './system-packages.mjs';

const purpose = process.argv[2] ?? 'test';
const { problems, missingPackages } = checkPrerequisites(purpose);
if (problems.length > 0) {
  console.error(
    `flotilla ${purpose}: this machine lacks what the ${purpose === 'test' ? 'suite' : purpose} needs (${MANIFEST}):`,
  );
  for (const p of problems) console.error(`  - ${p}`);
  if (missingPackages.length > 0) {
    console.error(
      `Install with: apt-get install -y --no-install-recommends ${missingPackages.join(' ')}  (npm test does this itself when run as root)`,
    );
  }
  process.exit(1);
}
