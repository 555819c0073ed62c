// at: renderer/src/ui/icons.tsx
// rule: renderer-entry-reaches-only-portable
// icons.tsx stands in for any module the entry reaches (renderer/src/main.tsx): a Node-only package anywhere below the entry is caught.
import Fastify from 'fastify';
