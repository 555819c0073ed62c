import { BlobDownloader } from '../../electron/services/content/blob-downloader';
import { ContentStore } from '../../electron/services/content/content-store';

/**
 * A kiosk process downloading one blob, for test/integration/content-crash.test.ts, which kills it
 * mid-download. Usage: node content-download-child.mjs <dataDir> <hubUrl> <credential> <sha256> <length>
 */
const [dataDir, hubUrl, credential, sha256, length] = process.argv.slice(2);
if (dataDir === undefined || hubUrl === undefined || sha256 === undefined || length === undefined) {
  throw new Error('usage: content-download-child <dataDir> <hubUrl> <credential> <sha256> <length>');
}
const store = await ContentStore.open({ dataDir });
const downloader = new BlobDownloader({ hubUrl, kioskId: 'kiosk-1', credential: () => credential, store });
const result = await downloader.download({ sha256, length: Number(length) });
downloader.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
