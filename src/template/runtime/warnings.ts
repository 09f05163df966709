/**
 * Warnings a template raises while it renders (a lookup's display.warning, such as
 * find_file_in_search_path's "Unable to find …"): collected for the task that rendered it,
 * which shows them with its result. Renders are synchronous, so the collecting list is set
 * only around one render call and two tasks' renders never share it.
 */
let sink: string[] | undefined;

/** A warning from inside a render (dropped when nothing collects, as outside a task). */
export function templateWarning(message: string): void {
  sink?.push(message);
}

/** Runs a synchronous render with its warnings collected into `into`. */
export function collectingWarnings<T>(into: string[], render: () => T): T {
  const outer = sink;
  sink = into;
  try {
    return render();
  } finally {
    sink = outer;
  }
}
