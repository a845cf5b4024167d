/** App settings shapes and the pure merge rules of `PUT /api/v1/settings` (settings spec §1.2). */
import { isRecord, ownValue, setOwn } from './objects.js';
import type { PermissionSettings } from './permissions.js';

export interface ContactType {
  id: string;
  name_key?: string;
  group_key?: string;
  create_key?: string;
  edit_key?: string;
  icon?: string;
  create_form?: string;
  edit_form?: string;
  parents?: string[];
  person?: boolean;
  primary_contact_key?: string;
  count_visits?: boolean;
}

/** App settings as stored under the `settings` doc; open-ended, only what the server reads is typed. */
export interface AppSettings extends PermissionSettings {
  contact_types?: ContactType[];
  transitions?: Record<string, unknown>;
  [key: string]: unknown;
}

export type SettingsMode = 'merge' | 'replace' | 'overwrite';

/**
 * Deep merge: plain objects recurse, everything else (arrays, null, primitives) is assigned; nothing
 * is deleted. Keys are own properties, so a `__proto__` key in a body is data, not a prototype.
 */
export function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    if (isRecord(value)) {
      const current = ownValue(target, key);
      setOwn(target, key, deepMerge(isRecord(current) ? current : {}, value));
    } else {
      setOwn(target, key, value);
    }
  }
  return target;
}

/** Applies an update body to current settings in the requested mode; returns the new settings. */
export function applySettingsUpdate(
  current: Record<string, unknown>,
  body: Record<string, unknown>,
  mode: SettingsMode,
): Record<string, unknown> {
  if (mode === 'overwrite') return structuredClone(body);
  if (mode === 'replace') return { ...current, ...structuredClone(body) };
  return deepMerge(current, structuredClone(body));
}

/**
 * Default permission keys are always present: missing keys are added, existing ones (even `[]`)
 * are kept, so a default permission can never be deleted (settings spec §1.2 step 4).
 */
export function withDefaultPermissions(
  settings: Record<string, unknown>,
  defaults: Record<string, string[]>,
): Record<string, unknown> {
  const permissions = settings.permissions;
  if (!isRecord(permissions)) {
    settings.permissions = structuredClone(defaults);
    return settings;
  }
  for (const [key, roles] of Object.entries(defaults)) {
    if (!Object.hasOwn(permissions, key)) permissions[key] = [...roles];
  }
  return settings;
}

/** The value at a `/`- or `.`-separated path of an object; undefined when any step is missing. */
export function valueAtPath(root: unknown, path: string): unknown {
  const steps = path.split(/[/.]/).filter(Boolean);
  let node: unknown = root;
  for (const step of steps) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = ownValue(node as Record<string, unknown>, step); // never an inherited `constructor` or `__proto__`
  }
  return node;
}
