/**
 * DataLoader.path_dwim_relative_stack's candidates for a relative controller path: over the
 * task's search path (its role, then the task file's dir), then the playbook's dir, each as
 * <dir>/<subdir>/<file> and <dir>/<file>.
 */
import path from 'node:path';

export function pathDwimCandidates(
  task: { roleDir?: string; fileDir?: string },
  playbookDir: string | undefined,
  subdir: string,
  file: string,
): string[] {
  return [task.roleDir, task.fileDir, playbookDir]
    .filter((dir): dir is string => typeof dir === 'string' && dir !== '')
    .flatMap((dir) => [path.join(dir, subdir, file), path.join(dir, file)]);
}
