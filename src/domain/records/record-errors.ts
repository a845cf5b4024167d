/** The `errors` entries of a data_record (settings spec §5.4) and their English texts. */
import { ownValue } from '../objects.js';

/** An error before translation: its code and the values its message template uses. */
export interface RecordError {
  code: string;
  ctx?: Record<string, string>;
}

/** English texts for the codes the server itself adds, used when no translation doc has them. */
export const DEFAULT_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  'sys.missing_fields': 'Missing or invalid fields: {{fields}}.',
  'sys.incorrect_type': 'Incorrect type of field {{key}}, expected {{type}}.',
  'sys.empty': 'Message appears empty.',
  'sys.form_not_found': "Form '{{form}}' not found.",
  extra_fields: 'Extra fields.',
});

/** Fills `{{name}}` placeholders; an unknown name becomes empty. */
export function fillTemplate(template: string, ctx: Record<string, string> = {}): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, name: string) => ownValue(ctx, name) ?? '');
}

/** Translation maps, most specific first (locale doc's `custom`, its `generic`, then English's). */
export type TranslationMaps = ReadonlyArray<Readonly<Record<string, unknown>> | undefined>;

/** The message of a code: the first map that has it, else the built-in English text, else the code. */
export function translateError(error: RecordError, maps: TranslationMaps): { code: string; message: string } {
  const found = maps.map((m) => ownValue(m, error.code)).find((t): t is string => typeof t === 'string');
  return { code: error.code, message: fillTemplate(found ?? ownValue(DEFAULT_MESSAGES, error.code) ?? error.code, error.ctx) };
}
