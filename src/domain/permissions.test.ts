import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasPermissions, isDbAdmin, isOfflineRoleList, isOnlineUser } from './permissions.js';

const settings = {
  roles: { chw: { name: 'usertype.chw', offline: true }, national_admin: { name: 'usertype.national-admin' } },
  permissions: {
    can_edit: ['chw', 'national_admin'],
    can_configure: ['national_admin'],
    can_view_contacts: 'chw',
    can_export_all: ['ghost_role'],
  },
};

describe('permissions', () => {
  it('treats _admin and admin as DB admins', () => {
    assert.equal(isDbAdmin(['_admin']), true);
    assert.equal(isDbAdmin(['admin']), true);
    assert.equal(isDbAdmin(['chw']), false);
    assert.equal(isDbAdmin(undefined), false);
  });

  it('decides online at request time from CouchDB roles only', () => {
    assert.equal(isOnlineUser(['national_admin', 'mm-online']), true);
    assert.equal(isOnlineUser(['_admin']), true);
    assert.equal(isOnlineUser(['national_admin']), false);
  });

  it('decides offline at write time from settings.roles, unconfigured roles counting as offline', () => {
    assert.equal(isOfflineRoleList(settings, ['chw']), true);
    assert.equal(isOfflineRoleList(settings, ['national_admin']), false);
    assert.equal(isOfflineRoleList(settings, ['new_role']), true);
    assert.equal(isOfflineRoleList(settings, ['national_admin', 'chw']), true);
    assert.equal(isOfflineRoleList(settings, ['chw', 'mm-online']), false);
    assert.equal(isOfflineRoleList(settings, []), false);
  });

  it('requires every permission, accepting a single role string', () => {
    assert.equal(hasPermissions(settings, ['can_edit', 'can_configure'], ['national_admin']), true);
    assert.equal(hasPermissions(settings, ['can_edit', 'can_configure'], ['chw']), false);
    assert.equal(hasPermissions(settings, 'can_view_contacts', ['chw']), true);
  });

  it('honours ! as must-not-have', () => {
    assert.equal(hasPermissions(settings, ['can_edit', '!can_configure'], ['chw']), true);
    assert.equal(hasPermissions(settings, ['can_edit', '!can_configure'], ['national_admin']), false);
  });

  it('lets admins pass unless a ! permission is asked for', () => {
    assert.equal(hasPermissions(settings, ['can_configure', 'can_anything'], ['_admin']), true);
    assert.equal(hasPermissions(settings, ['!can_configure'], ['_admin']), false);
  });

  it('ignores roles missing from settings.roles even when a permission lists them (5.2.0)', () => {
    assert.equal(hasPermissions(settings, 'can_export_all', ['ghost_role']), false);
  });

  it('looks roles and permissions up as own keys: inherited names (constructor, toString, __proto__) are neither configured nor granted', () => {
    for (const role of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(isOfflineRoleList(settings, [role]), true, role);
      assert.equal(isOfflineRoleList(settings, [role, 'chw']), true, role);
      assert.equal(hasPermissions({ ...settings, permissions: { can_edit: [role] } }, 'can_edit', [role]), false, role);
    }
    assert.equal(isOfflineRoleList(settings, ['national_admin', 'constructor']), false, 'the configured online role decides');
    assert.equal(hasPermissions({ ...settings, permissions: { can_edit: ['chw'] } }, 'constructor', ['chw']), false);
    assert.equal(hasPermissions(settings, '!toString', ['chw']), true);
  });

  it('refuses empty or invalid permission lists and missing permissions', () => {
    assert.equal(hasPermissions(settings, [], ['chw']), false);
    assert.equal(hasPermissions(settings, undefined, ['chw']), false);
    assert.equal(hasPermissions({ roles: settings.roles }, 'can_edit', ['chw']), false);
  });

  it('reads settings whose roles or permissions are not objects (null is accepted by the settings API) as configuring nothing', () => {
    for (const bad of [null, 5, 'chw', ['chw'], true]) {
      const roles = { ...settings, roles: bad } as unknown as Parameters<typeof hasPermissions>[0];
      assert.equal(hasPermissions(roles, 'can_edit', ['chw']), false, JSON.stringify(bad));
      assert.equal(isOfflineRoleList(roles, ['chw']), true, JSON.stringify(bad));
      const permissions = { ...settings, permissions: bad } as unknown as Parameters<typeof hasPermissions>[0];
      assert.equal(hasPermissions(permissions, 'can_edit', ['chw']), false, JSON.stringify(bad));
    }
    const nullEntries = { roles: { chw: null }, permissions: { can_edit: null } } as unknown as Parameters<typeof hasPermissions>[0];
    assert.equal(hasPermissions(nullEntries, 'can_edit', ['chw']), false);
    assert.equal(isOfflineRoleList(nullEntries, ['chw']), true);
  });
});
