import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SIZE_CAPS, checkContentFile } from '../../kiosk-config/src/content/check-content-file';
import type { AttractPlaylistFile, TicketBrandingFile } from '../../kiosk-config/src/content/content-schemas';
import { ContentKind, ContentPath } from '../../kiosk-config/src/content/release-manifest';

/**
 * A publisher's folder read as a release's files, each checked before anything is signed.
 *
 * Layout (docs/operations/content.md): the JSON kinds at the top by their kind's name
 * (`catalogue.json`, `texts.json`, `announcements.json`, `office.json`, `ticket-branding.json`,
 * `help.json`, `attract-playlist.json`); images (`.png`, `.jpg`, `.jpeg`, `.webp`) and videos
 * (`.mp4`, `.webm`) anywhere below, e.g. `attract/1.webp`. Anything else is refused.
 */

/** One file of the folder, checked. */
export interface ContentFolderFile {
  readonly path: string;
  readonly kind: ContentKind;
  readonly bytes: Buffer;
}

const JSON_KIND_BY_NAME = new Map(
  ContentKind.options.filter((kind) => kind !== 'image' && kind !== 'video').map((kind) => [`${kind}.json`, kind]),
);
const MEDIA_KIND_BY_EXTENSION = new Map<string, ContentKind>([
  ['png', 'image'],
  ['jpg', 'image'],
  ['jpeg', 'image'],
  ['webp', 'image'],
  ['mp4', 'video'],
  ['webm', 'video'],
]);
const MAX_FILES = 2000;

/** The kind of a file by its place and name, or undefined when the layout has no place for it. */
export function contentKindOf(path: string): ContentKind | undefined {
  if (!path.includes('/')) {
    const jsonKind = JSON_KIND_BY_NAME.get(path);
    if (jsonKind !== undefined) return jsonKind;
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : MEDIA_KIND_BY_EXTENSION.get(extension);
}

/**
 * Reads and checks every file under `dir`: the whole folder or nothing. Answers the files, or
 * every problem found (one line each, by path), so a publisher fixes them in one pass.
 */
export function readContentFolder(dir: string): { files: ContentFolderFile[] } | { problems: string[] } {
  const problems: string[] = [];
  const files: ContentFolderFile[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const stat = lstatSync(join(dir, path));
      if (stat.isSymbolicLink()) {
        problems.push(`${path}: a symbolic link (copy the file in instead)`);
      } else if (stat.isDirectory()) {
        if (!ContentPath.safeParse(`${path}/x`).success)
          problems.push(`${path}/: a folder name or depth the layout does not allow`);
        else walk(path);
      } else if (!stat.isFile()) {
        problems.push(`${path}: not a regular file`);
      } else if (files.length + problems.length >= MAX_FILES) {
        problems.push(`${path}: more than ${MAX_FILES} files`);
      } else {
        const file = checkedFile(dir, path, stat.size, problems);
        if (file !== undefined) files.push(file);
      }
    }
  };
  walk('');
  if (problems.length === 0 && files.length === 0) problems.push('the folder holds no content');
  if (problems.length === 0) problems.push(...crossReferenceProblems(files));
  return problems.length > 0 ? { problems } : { files };
}

function checkedFile(dir: string, path: string, size: number, problems: string[]): ContentFolderFile | undefined {
  if (!ContentPath.safeParse(path).success) {
    problems.push(`${path}: a name the layout does not allow (letters, digits, - and _; one extension)`);
    return undefined;
  }
  const kind = contentKindOf(path);
  if (kind === undefined) {
    problems.push(`${path}: not a content file (see the layout in docs/operations/content.md)`);
    return undefined;
  }
  // Checked before reading: an oversized file is never loaded into memory.
  if (size > CONTENT_SIZE_CAPS[kind]) {
    problems.push(`${path}: ${size} bytes, over the ${kind} cap of ${CONTENT_SIZE_CAPS[kind]}`);
    return undefined;
  }
  const bytes = readFileSync(join(dir, path));
  const checked = checkContentFile(kind, bytes);
  if (!checked.ok) {
    problems.push(`${path}: ${checked.error.code}: ${checked.error.message}`);
    return undefined;
  }
  // A media file's name must say what it is: the kiosk and a technician go by the name too.
  const format =
    'image' in checked.value ? checked.value.image.format : 'video' in checked.value ? checked.value.video : undefined;
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (format !== undefined && (extension === 'jpg' ? 'jpeg' : extension) !== format) {
    problems.push(`${path}: unsupported_media: the bytes are ${format}, the name says ${extension}`);
    return undefined;
  }
  return { path, kind, bytes };
}

/** The playlist's items and the ticket's logo must be media files of the same release. */
function crossReferenceProblems(files: readonly ContentFolderFile[]): string[] {
  const kindByPath = new Map(files.map((file) => [file.path, file.kind]));
  const problems: string[] = [];
  const json = (kind: ContentKind): unknown => {
    const file = files.find((f) => f.kind === kind);
    return file === undefined ? undefined : JSON.parse(file.bytes.toString('utf8'));
  };
  const playlist = json('attract-playlist') as AttractPlaylistFile | undefined;
  for (const item of playlist?.items ?? []) {
    const kind = kindByPath.get(item.path);
    if (kind !== 'image' && kind !== 'video') {
      problems.push(`attract-playlist.json: ${item.path} is not an image or video of this release`);
    }
  }
  const branding = json('ticket-branding') as TicketBrandingFile | undefined;
  if (branding?.logo !== undefined && kindByPath.get(branding.logo) !== 'image') {
    problems.push(`ticket-branding.json: the logo ${branding.logo} is not an image of this release`);
  }
  return problems;
}
