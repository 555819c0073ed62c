import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';

/**
 * The hub's content paths, from its endpoint table (`kiosk-config/src/hub/hub-endpoints.ts`),
 * so the kiosk and the hub cannot drift apart. tuf-js wants base URLs for metadata and targets;
 * they are the table's paths without their last parameter.
 */

/** `GET /v1/content/blobs/<sha256>`. */
export function contentBlobPath(sha256: string): string {
  return hubEndpoints.contentBlob.path.replace(':sha256', sha256);
}

/** Where tuf-js asks `<name>` (`timestamp.json`, `N.root.json`): `<base>/<name>`. */
export const CONTENT_METADATA_BASE_PATH = hubEndpoints.contentMetadata.path.replace(/\/:name$/, '');

/** Where tuf-js asks a target `releases/<id>.json`: `<base>/releases/<id>.json`. */
export const CONTENT_TARGETS_BASE_PATH = hubEndpoints.contentTarget.path.replace(/\/releases\/:file$/, '');

/** The director: `GET /v1/content/assignment`. */
export const CONTENT_ASSIGNMENT_PATH = hubEndpoints.contentAssignment.path;

/** The director's answer schema, as the hub's endpoint table declares it. */
export const ContentAssignmentAnswer = hubEndpoints.contentAssignment.responses[200];
