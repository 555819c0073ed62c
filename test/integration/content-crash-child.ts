import { ContentStore } from '../../electron/services/content/content-store';
import { testRelease } from '../../electron/services/content/content-test-support';

/**
 * The content store's switch, as a kiosk process does it, for test/integration/content-crash.test.ts:
 * stores release `rel-b` (one new blob), puts it on trial, then rolls it back, passing every
 * crash point of `CONTENT_CRASH_POINTS`; the test kills it at one of them (`OKNO_CRASH_AT`).
 * Usage: node content-crash-child.mjs <dataDir>
 */
const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: content-crash-child <dataDir>');
const store = await ContentStore.open({ dataDir });
const b = testRelease('rel-b', 2, [{ path: 'texts/ru.json', bytes: 'release b' }]);
for (const bytes of b.blobs.values()) await store.putBlob(bytes);
await store.saveRelease(b.manifest);
const began = await store.beginTrial('rel-b');
if (!began.ok) throw new Error(began.error.message);
await store.rollBackTrial();
process.stdout.write('done\n');
