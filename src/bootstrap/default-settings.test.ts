import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasPermissions, isOfflineRoleList } from '../domain/permissions.js';
import { DEFAULT_PERMISSIONS, DEFAULT_SETTINGS, defaultSettings } from './default-settings.js';

/** Every permission the specs (contacts-users, settings/exports/..., api-page) name. */
const SPEC_PERMISSIONS = [
  'can_access_gateway_api', 'can_configure', 'can_create_people', 'can_create_places', 'can_create_records',
  'can_create_users', 'can_delete_users', 'can_edit', 'can_export_all', 'can_export_contacts',
  'can_export_devices_details', 'can_export_dhis', 'can_export_feedback', 'can_export_messages',
  'can_have_multiple_places', 'can_skip_password_change', 'can_update_people', 'can_update_places',
  'can_update_users', 'can_upgrade', 'can_view_contacts', 'can_view_users',
];

describe('default settings', () => {
  it('has the default contact hierarchy', () => {
    const types = DEFAULT_SETTINGS.contact_types;
    assert.deepEqual(types.map((t) => [t.id, t.parents ?? [], !!t.person]), [
      ['district_hospital', [], false],
      ['health_center', ['district_hospital'], false],
      ['clinic', ['health_center'], false],
      ['person', ['district_hospital', 'health_center', 'clinic'], true],
    ]);
    for (const t of types) {
      for (const key of ['name_key', 'group_key', 'create_key', 'edit_key', 'icon', 'create_form', 'edit_form'] as const) {
        assert.equal(typeof t[key], 'string', `${t.id}.${key}`);
      }
      assert.equal(t.create_form, `form:contact:${t.id}:create`);
      assert.equal(typeof t.primary_contact_key, t.person ? 'undefined' : 'string', t.id);
    }
  });

  it('configures the default roles, only chw and chw_supervisor offline', () => {
    const roles = DEFAULT_SETTINGS.roles;
    assert.deepEqual(Object.keys(roles).sort(), [
      'analytics', 'chw', 'chw_supervisor', 'data_entry', 'district_admin', 'gateway', 'national_admin', 'program_officer',
    ]);
    for (const [id, role] of Object.entries(roles)) assert.match(role.name, /^usertype\./, id);
    assert.deepEqual(Object.keys(roles).filter((id) => roles[id]!.offline).sort(), ['chw', 'chw_supervisor']);
    assert.equal(isOfflineRoleList(DEFAULT_SETTINGS, ['chw']), true);
    assert.equal(isOfflineRoleList(DEFAULT_SETTINGS, ['program_officer']), false);
  });

  it('grants every permission the specs name, only to configured roles', () => {
    for (const perm of SPEC_PERMISSIONS) assert.ok(Array.isArray(DEFAULT_PERMISSIONS[perm]), perm);
    for (const [perm, roles] of Object.entries(DEFAULT_PERMISSIONS)) {
      assert.match(perm, /^can_[a-z_]+$/);
      for (const role of roles) assert.ok(DEFAULT_SETTINGS.roles[role], `${perm}: ${role} is not a configured role`);
      assert.equal(new Set(roles).size, roles.length, `${perm} lists a role twice`);
    }
    assert.deepEqual(DEFAULT_PERMISSIONS.can_access_gateway_api, ['gateway']);
    assert.deepEqual(DEFAULT_PERMISSIONS.can_skip_password_change, []);
    assert.deepEqual(DEFAULT_PERMISSIONS.can_have_multiple_places, []);
    for (const perm of ['can_configure', 'can_upgrade', 'can_view_users', 'can_create_users', 'can_update_users', 'can_delete_users', 'can_export_all']) {
      assert.deepEqual(DEFAULT_PERMISSIONS[perm], ['national_admin'], perm);
    }
  });

  it('works with the permission rules (5.2: only configured roles grant)', () => {
    assert.equal(hasPermissions(DEFAULT_SETTINGS, ['can_edit', 'can_create_people'], ['chw']), true);
    assert.equal(hasPermissions(DEFAULT_SETTINGS, 'can_access_gateway_api', ['gateway']), true);
    assert.equal(hasPermissions(DEFAULT_SETTINGS, 'can_access_gateway_api', ['chw']), false);
    assert.equal(hasPermissions(DEFAULT_SETTINGS, ['can_edit', 'can_configure'], ['national_admin']), true);
    assert.equal(hasPermissions(DEFAULT_SETTINGS, 'can_create_records', ['data_entry']), true);
  });

  it('has the other defaults the services read', () => {
    const s = DEFAULT_SETTINGS;
    assert.equal(s.locale, 'en');
    assert.equal(s.locale_outgoing, 'en');
    assert.equal(s.forms_only_mode, false);
    assert.equal(typeof s.default_country_code, 'number');
    assert.equal(s.multipart_sms_limit, 10);
    assert.deepEqual(s.token_login, { enabled: false, translation_key: 'sms.token.login.help' });
    assert.equal(s.sms.outgoing_service, 'medic-gateway');
    assert.deepEqual(s.transitions, {});
    assert.deepEqual(s.forms, {});
    assert.ok(!('phone_validation' in s));
    assert.ok(!('app_url' in s));
  });

  it('is deep-frozen, and defaultSettings() returns fresh mutable copies', () => {
    assert.ok(Object.isFrozen(DEFAULT_SETTINGS));
    assert.ok(Object.isFrozen(DEFAULT_SETTINGS.contact_types[0]));
    assert.ok(Object.isFrozen(DEFAULT_PERMISSIONS.can_edit));
    assert.equal(DEFAULT_PERMISSIONS, DEFAULT_SETTINGS.permissions);

    const a = defaultSettings();
    assert.deepEqual(a, DEFAULT_SETTINGS);
    a.permissions.can_edit!.push('gateway');
    a.contact_types[0]!.parents = ['x'];
    a.roles.chw!.name = 'changed';
    a.sms.outgoing_service = 'rapidpro';
    const b = defaultSettings();
    assert.deepEqual(b, DEFAULT_SETTINGS);
    assert.ok(!DEFAULT_PERMISSIONS.can_edit!.includes('gateway'));
    assert.notEqual(a.permissions.can_edit, b.permissions.can_edit);
    // shared role lists in the source must not alias between permissions
    b.permissions.can_create_people!.push('x');
    assert.ok(!b.permissions.can_create_places!.includes('x'));
  });
});
