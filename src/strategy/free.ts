/**
 * Free: every host runs ahead through its tasks as fast as it can; the forks semaphore in
 * the workers bounds how many run at once. A task's banner appears when its first host
 * starts it.
 */
import type { PlayContext } from './play-context.js';

export async function runFree(play: PlayContext): Promise<void> {
  await Promise.all(
    play.activeHosts().map(async (host) => {
      const iterator = play.iterators.get(host);
      for (;;) {
        if (play.stopped || play.breakPlay || play.run.interrupted || !iterator) return;
        const spec = iterator.current();
        if (!spec) return;
        play.announce(spec, play.batch.length);
        await play.dispatch(host, spec);
        play.flushIncluded();
      }
    }),
  );
}
