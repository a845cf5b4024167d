/** Transitions CHT marks deprecated, with the version and the advice it gives (settings spec §1.3). */
const DEPRECATED: Record<string, { deprecatedIn: string; deprecationMessage: string }> = {
  generate_patient_id_on_people: {
    deprecatedIn: '3.8.x',
    deprecationMessage: 'Use the "generate_shortcode_on_contacts" transition instead.',
  },
  update_notifications: {
    deprecatedIn: '3.2.x',
    deprecationMessage: 'Use the "muting" transition instead.',
  },
};

export interface DeprecatedTransition {
  name: string;
  deprecated: true;
  deprecatedIn: string;
  deprecationMessage: string;
}

/** The configured transitions (enabled or not) that are deprecated. */
export function deprecatedTransitions(configured: unknown): DeprecatedTransition[] {
  if (typeof configured !== 'object' || configured === null) return [];
  return Object.keys(configured)
    .filter((name) => DEPRECATED[name])
    .map((name) => ({ name, deprecated: true, ...(DEPRECATED[name] as (typeof DEPRECATED)[string]) }));
}
