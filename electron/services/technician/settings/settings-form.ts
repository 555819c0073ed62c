import { z } from 'zod';
import {
  SETTINGS_LABELS,
  SETTINGS_SECTIONS,
  TechnicianSettings,
} from '../../../../kiosk-config/src/config/technician-settings';
import type { SettingsField } from '../../../../kiosk-config/src/index';

/** The subset of JSON Schema the settings' zod schema turns into, checked as we walk it. */
const LeafSchema = z.object({
  type: z.enum(['integer', 'number', 'string', 'boolean']),
  enum: z.array(z.string()).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  maxLength: z.number().int().optional(),
});
const SectionSchema = z.object({
  type: z.literal('object'),
  properties: z.record(z.string(), z.unknown()),
  required: z.array(z.string()).optional(),
});
const RootSchema = SectionSchema;

/**
 * The settings form's fields, drawn from the settings' zod schema through its JSON Schema
 * (`z.toJSONSchema`): each leaf's kind, limits and choices come from the schema, so a limit changed
 * in the config's schema changes the form; labels and section titles are the page's Russian texts.
 * `choices` replaces a string field's free text by a list (the printer profiles in the folder).
 */
export function settingsFields(choices: Readonly<Record<string, readonly string[]>> = {}): SettingsField[] {
  const root = RootSchema.parse(z.toJSONSchema(TechnicianSettings, { io: 'input', unrepresentable: 'any' }));
  const fields: SettingsField[] = [];
  for (const { id: section } of SETTINGS_SECTIONS) {
    const sectionSchema = SectionSchema.parse(root.properties[section]);
    const sectionOptional = !(root.required ?? []).includes(section);
    for (const [name, raw] of Object.entries(sectionSchema.properties)) {
      const leaf = LeafSchema.parse(raw);
      const fieldPath = `${section}.${name}`;
      const options = choices[fieldPath] ?? leaf.enum;
      fields.push({
        path: fieldPath,
        section,
        label: SETTINGS_LABELS[fieldPath] ?? fieldPath,
        kind: options ? 'enum' : leaf.type,
        ...(leaf.minimum === undefined ? {} : { min: leaf.minimum }),
        ...(leaf.maximum === undefined ? {} : { max: leaf.maximum }),
        ...(leaf.maxLength === undefined ? {} : { maxLength: leaf.maxLength }),
        ...(options ? { options: [...options] } : {}),
        optional: sectionOptional,
      });
    }
  }
  return fields;
}
