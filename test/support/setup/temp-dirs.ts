/** Every test file's temp dirs (test/support/temp-dirs.ts) go once its tests have run. */
import { afterAll } from 'vitest';
import { removeTempDirs } from '../temp-dirs.js';

afterAll(removeTempDirs);
