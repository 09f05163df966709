/**
 * The file module's `path_content` (initial_diff for a directory made absent): every entry
 * under the directory as os.walk(path) yields them, top-down, each directory's entries in
 * readdir order, directories (a symlink to one included, not entered) apart from the rest.
 *
 * On the host, one `find` listing (WALK_LISTING_FORMAT: type, followed type, path relative
 * to the start, NUL-ended) keeps the same readdir order within each directory; the walk's
 * order across directories is rebuilt here.
 */

/** find -printf format: %y, %Y, %P, NUL. */
export const WALK_LISTING_FORMAT = '%y%Y%P\\0';

interface Child {
  name: string;
  /** entry.is_dir(): a directory, or a symlink to one. */
  isDir: boolean;
  /** os.walk enters it (followlinks=False). */
  enter: boolean;
}

/** posixpath.join of two parts. */
function join(a: string, b: string): string {
  return a === '' || a.endsWith('/') ? a + b : `${a}/${b}`;
}

export function walkList(path: string, listing: string): { directories: string[]; files: string[] } {
  const children = new Map<string, Child[]>();
  for (const rec of listing.split('\0')) {
    if (rec.length < 3) continue;
    const [type, followed, rel] = [rec[0], rec[1], rec.slice(2)];
    const at = rel.lastIndexOf('/');
    const parent = at < 0 ? '' : rel.slice(0, at);
    const name = rel.slice(at + 1);
    const list = children.get(parent) ?? [];
    list.push({ name, isDir: type === 'd' || (type === 'l' && followed === 'd'), enter: type === 'd' });
    children.set(parent, list);
  }
  const walklist = { directories: [] as string[], files: [] as string[] };
  const walk = (rel: string, top: string) => {
    const entries = children.get(rel) ?? [];
    for (const c of entries) if (c.isDir) walklist.directories.push(join(top, c.name));
    for (const c of entries) if (!c.isDir) walklist.files.push(join(top, c.name));
    for (const c of entries)
      if (c.isDir && c.enter) walk(rel === '' ? c.name : `${rel}/${c.name}`, join(top, c.name));
  };
  walk('', path);
  return walklist;
}
