/**
 * App settings written when a server starts with no `settings` doc: the facts a fresh CHT
 * instance (default config) has and that this server reads. Kept small on purpose.
 */
import type { AppSettings, ContactType } from '../domain/settings.js';

export interface RoleConfig {
  name: string;
  offline?: true;
}

export interface DefaultSettings extends AppSettings {
  locale: string;
  locale_outgoing: string;
  date_format: string;
  reported_date_format: string;
  forms_only_mode: boolean;
  default_country_code: number;
  multipart_sms_limit: number;
  token_login: { enabled: boolean; translation_key: string };
  sms: { outgoing_service: string; duplicate_limit: number };
  transitions: Record<string, unknown>;
  forms: Record<string, unknown>;
  contact_types: ContactType[];
  roles: Record<string, RoleConfig>;
  permissions: Record<string, string[]>;
}

const CONTACT_TYPES: ContactType[] = [
  {
    id: 'district_hospital',
    name_key: 'contact.type.district_hospital',
    group_key: 'contact.type.district_hospital.plural',
    create_key: 'contact.type.district_hospital.new',
    edit_key: 'contact.type.place.edit',
    primary_contact_key: 'district_hospital.field.contact',
    icon: 'medic-district-hospital',
    create_form: 'form:contact:district_hospital:create',
    edit_form: 'form:contact:district_hospital:edit',
  },
  {
    id: 'health_center',
    name_key: 'contact.type.health_center',
    group_key: 'contact.type.health_center.plural',
    create_key: 'contact.type.health_center.new',
    edit_key: 'contact.type.place.edit',
    parents: ['district_hospital'],
    primary_contact_key: 'health_center.field.contact',
    icon: 'medic-health-center',
    create_form: 'form:contact:health_center:create',
    edit_form: 'form:contact:health_center:edit',
  },
  {
    id: 'clinic',
    name_key: 'contact.type.clinic',
    group_key: 'contact.type.clinic.plural',
    create_key: 'contact.type.clinic.new',
    edit_key: 'contact.type.place.edit',
    parents: ['health_center'],
    primary_contact_key: 'clinic.field.contact',
    icon: 'medic-clinic',
    create_form: 'form:contact:clinic:create',
    edit_form: 'form:contact:clinic:edit',
    count_visits: true,
  },
  {
    id: 'person',
    name_key: 'contact.type.person',
    group_key: 'contact.type.person.plural',
    create_key: 'contact.type.person.new',
    edit_key: 'contact.type.person.edit',
    parents: ['district_hospital', 'health_center', 'clinic'],
    icon: 'medic-person',
    create_form: 'form:contact:person:create',
    edit_form: 'form:contact:person:edit',
    person: true,
  },
];

// Only chw and chw_supervisor replicate: every other default role is an online role.
const ROLES: Record<string, RoleConfig> = {
  chw: { name: 'usertype.chw', offline: true },
  chw_supervisor: { name: 'usertype.chw-supervisor', offline: true },
  program_officer: { name: 'usertype.program-officer' },
  national_admin: { name: 'usertype.national-manager' },
  district_admin: { name: 'usertype.district-manager' },
  data_entry: { name: 'usertype.data-entry' },
  analytics: { name: 'usertype.analytics' },
  gateway: { name: 'usertype.gateway' },
};

const ADMIN = ['national_admin'];
const MANAGERS = ['national_admin', 'district_admin'];
const OFFICE = ['program_officer', 'national_admin', 'district_admin'];
const FIELD = ['chw', 'chw_supervisor'];
const FIELD_AND_OFFICE = [...FIELD, ...OFFICE];

const PERMISSIONS: Record<string, string[]> = {
  // users, configuration and upgrades: the national admin only
  can_configure: ADMIN,
  can_upgrade: ADMIN,
  can_view_users: ADMIN,
  can_create_users: ADMIN,
  can_update_users: ADMIN,
  can_delete_users: ADMIN,
  // no default role gets these: they are opt-in per deployment
  can_skip_password_change: [],
  can_have_multiple_places: [],
  // SMS gateways (cht-gateway, /api/sms)
  can_access_gateway_api: ['gateway'],
  // exports (note: the reports export checks can_export_messages)
  can_export_all: ADMIN,
  can_export_messages: [...OFFICE, 'analytics'],
  can_export_contacts: OFFICE,
  can_export_feedback: ADMIN,
  can_export_devices_details: ADMIN,
  can_export_dhis: ADMIN,
  // contacts and reports
  can_edit: [...FIELD_AND_OFFICE, 'data_entry'],
  can_view_contacts: [...FIELD_AND_OFFICE, 'data_entry'],
  can_view_contacts_tab: [...FIELD_AND_OFFICE, 'data_entry'],
  can_create_people: FIELD_AND_OFFICE,
  can_create_places: FIELD_AND_OFFICE,
  can_update_people: FIELD_AND_OFFICE,
  can_update_places: FIELD_AND_OFFICE,
  can_delete_contacts: FIELD_AND_OFFICE,
  can_create_records: [...FIELD_AND_OFFICE, 'data_entry'],
  can_view_reports: [...FIELD_AND_OFFICE, 'data_entry'],
  can_view_reports_tab: [...FIELD_AND_OFFICE, 'data_entry'],
  can_view_data_records: [...FIELD_AND_OFFICE, 'data_entry', 'analytics'],
  can_view_unallocated_data_records: MANAGERS,
  can_delete_reports: FIELD_AND_OFFICE,
  can_bulk_delete_reports: MANAGERS,
  can_verify_reports: FIELD_AND_OFFICE,
  can_edit_verification: ['chw_supervisor', ...OFFICE],
  // messages
  can_view_messages: FIELD_AND_OFFICE,
  can_view_messages_tab: FIELD_AND_OFFICE,
  can_delete_messages: FIELD_AND_OFFICE,
  can_view_outgoing_messages: MANAGERS,
  can_view_call_action: FIELD_AND_OFFICE,
  can_view_message_action: FIELD_AND_OFFICE,
  // tasks, analytics and the rest of the webapp
  can_view_tasks: FIELD,
  can_view_tasks_tab: FIELD,
  can_view_analytics: [...FIELD_AND_OFFICE, 'analytics'],
  can_view_analytics_tab: [...FIELD_AND_OFFICE, 'analytics'],
  can_aggregate_targets: ['chw_supervisor'],
  can_view_last_visited_date: FIELD_AND_OFFICE,
  can_edit_profile: [...FIELD_AND_OFFICE, 'data_entry', 'analytics'],
  can_log_out_on_android: FIELD,
};

function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function build(): DefaultSettings {
  return {
    locale: 'en',
    locale_outgoing: 'en',
    date_format: 'DD-MMM-YYYY',
    reported_date_format: 'DD-MMM-YYYY HH:mm:ss',
    forms_only_mode: false,
    // CHT's default app_settings use country code 1; deployments set their own
    default_country_code: 1,
    multipart_sms_limit: 10,
    token_login: { enabled: false, translation_key: 'sms.token.login.help' },
    // `sms` present without outgoing_service disables the gateway queue, so the default names it
    sms: { outgoing_service: 'medic-gateway', duplicate_limit: 5 },
    transitions: {},
    forms: {},
    contact_types: structuredClone(CONTACT_TYPES),
    roles: structuredClone(ROLES),
    permissions: Object.fromEntries(Object.entries(PERMISSIONS).map(([perm, roles]) => [perm, [...roles]])),
  };
}

/** A fresh, mutable copy of the default app settings. */
export function defaultSettings(): DefaultSettings {
  return build();
}

/** The default app settings, deep-frozen (use `defaultSettings()` for a mutable copy). */
export const DEFAULT_SETTINGS: Readonly<DefaultSettings> = deepFreeze(build());

/** Default permissions, re-added by `PUT /api/v1/settings` when missing (settings spec §1.2 step 4). Deep-frozen. */
export const DEFAULT_PERMISSIONS: Readonly<Record<string, string[]>> = DEFAULT_SETTINGS.permissions;
