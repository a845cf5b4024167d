/** Required fields and value types of a record against its form (settings spec §5.4 `errors`). */
import type { JsonForm } from '../sms/json-forms.js';
import { getPath } from '../sms/paths.js';
import type { RecordError } from './record-errors.js';

/** Does the value have the JSON type a field type promises? Types without a check always pass. */
function hasType(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'complex':
      return typeof value === 'object';
    default:
      return true;
  }
}

/**
 * `sys.missing_fields` (one entry naming every required field that is null or undefined), then
 * one `sys.incorrect_type` per mistyped value; fields with a `list` are not type-checked.
 */
export function validateFields(def: JsonForm, fields: Record<string, unknown>): RecordError[] {
  const errors: RecordError[] = [];
  const entries = Object.entries(def.fields);
  const missing = entries.filter(([key, field]) => field.required && getPath(fields, key) == null).map(([key]) => key);
  if (missing.length) errors.push({ code: 'sys.missing_fields', ctx: { fields: missing.join(',') } });
  for (const [key, field] of entries) {
    const value = getPath(fields, key);
    if (value == null || field.list || hasType(field.type, value)) continue;
    errors.push({ code: 'sys.incorrect_type', ctx: { key, type: String(field.type) } });
  }
  return errors;
}
