/**
 * vitest globalSetup of the projects that need this machine's packages (integration: sshd;
 * diff: the Ansible oracle): checks scripts/system-packages.txt in seconds and stops the run
 * with what is missing, before any test starts. The unit project runs without it.
 */
import { checkPrerequisites, MANIFEST } from '../../../scripts/system-packages.mjs';

export function setup(): void {
  // scripts/test.sh has just checked (scripts/setup.sh); a bare `npx vitest` checks here instead.
  if (process.env.FLOTILLA_PREREQS_CHECKED === '1') return;
  const { problems } = checkPrerequisites('test');
  if (problems.length > 0) {
    throw new Error(
      `This machine lacks what the suite needs (${MANIFEST}):\n  - ${problems.join('\n  - ')}\nRun \`bash scripts/setup.sh\` as root to install it.`,
    );
  }
}
